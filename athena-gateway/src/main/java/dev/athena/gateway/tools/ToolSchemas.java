package dev.athena.gateway.tools;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfig;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas (draft 2020-12) of tool parameter records, describing exactly what {@link ToolParameterBinder} accepts:
 * snake_case property names, no other properties, required properties from {@code @NotNull}/{@code @NotBlank}/
 * {@code @NotEmpty}, ranges, lengths and patterns from the other Bean Validation constraints, enum values from enums
 * (as their {@code @JsonValue} writes them, when the enum is public), defaults from {@link Default}. A map parameter
 * (such as {@code metadata}) is a free-form object: any key, any JSON value.
 */
final class ToolSchemas {

    private static final SchemaGenerator GENERATOR = new SchemaGenerator(configuration());

    private ToolSchemas() {}

    static ObjectNode of(Class<?> parameters) {
        // Written and read again: the generator keeps defaults as opaque values, and readers expect plain JSON nodes.
        return (ObjectNode) ToolParameterBinder.WIRE.readTree(
                ToolParameterBinder.WIRE.writeValueAsString(GENERATOR.generateSchema(parameters)));
    }

    private static SchemaGeneratorConfig configuration() {
        SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(
                        ToolParameterBinder.WIRE, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(
                        Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT,
                        Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES,
                        Option.INLINE_ALL_SCHEMAS)
                .with(new JacksonModule(
                        JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE, JacksonOption.RESPECT_JSONPROPERTY_ORDER))
                .with(new JakartaValidationModule(
                        JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED,
                        JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS));
        // The binder reads snake_case (PropertyNamingStrategies.SNAKE_CASE); an explicit @JsonProperty still wins.
        builder.forFields().withPropertyNameOverrideResolver(field -> {
            JsonProperty explicit = field.getAnnotationConsideringFieldAndGetter(JsonProperty.class);
            if (explicit != null && !explicit.value().isEmpty()) {
                return explicit.value();
            }
            return snakeCase(field.getDeclaredName());
        });
        builder.forFields().withDefaultResolver(field -> {
            Default declared = field.getAnnotationConsideringFieldAndGetter(Default.class);
            return declared == null
                    ? null
                    : defaultValue(
                            field.getDeclaringType().getErasedType().getSimpleName() + "." + field.getDeclaredName(),
                            field.getType().getErasedType(),
                            declared.value());
        });
        return builder.build();
    }

    /** The declared default as JSON, refused when the parameter itself would not accept it. */
    static JsonNode defaultValue(String parameter, Class<?> type, String declared) {
        try {
            JsonNode value = type == String.class || type.isEnum()
                    ? ToolParameterBinder.WIRE.getNodeFactory().stringNode(declared)
                    : ToolParameterBinder.WIRE.readTree(declared);
            ToolParameterBinder.WIRE.treeToValue(value, type);
            return value;
        } catch (JacksonException e) {
            throw new IllegalStateException(
                    "the default '" + declared + "' of " + parameter + " is not a valid " + type.getSimpleName(), e);
        }
    }

    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
