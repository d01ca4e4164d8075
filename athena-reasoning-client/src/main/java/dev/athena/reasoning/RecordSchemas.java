package dev.athena.reasoning;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * JSON Schemas generated from records, as the structured-output calls send them. Every component is required unless its
 * type is {@code @Nullable}; {@code @JsonProperty} renames a property and {@code @JsonPropertyDescription} /
 * {@code @JsonClassDescription} become descriptions, which guide the model. Additional properties are forbidden.
 */
final class RecordSchemas {

    private static final SchemaGenerator GENERATOR = generator();
    private static final Map<Class<?>, JsonNode> CACHE = new ConcurrentHashMap<>();

    private RecordSchemas() {}

    static JsonNode schemaFor(Class<? extends Record> type) {
        return CACHE.computeIfAbsent(type, RecordSchemas::generate);
    }

    /** A schema or tool name both llama.cpp and Anthropic accept: {@code [A-Za-z0-9_-]{1,64}}. */
    static String nameFor(Class<?> type) {
        String name = type.getSimpleName().replaceAll("[^A-Za-z0-9_-]", "_");
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /**
     * The JSON property name of a record component; {@code @JsonProperty} lands on its accessor, not on the component.
     */
    static String propertyName(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property == null || property.value().isEmpty() ? component.getName() : property.value();
    }

    static boolean isNullable(RecordComponent component) {
        return component.getAnnotatedType().isAnnotationPresent(Nullable.class);
    }

    private static JsonNode generate(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(
                    type.getName() + " is not a record: structured output needs a record type");
        }
        // The generator speaks Jackson 2; the adapters speak Jackson 3.
        return ReasoningJson.MAPPER.readTree(GENERATOR.generateSchema(type).toString());
    }

    private static SchemaGenerator generator() {
        SchemaGeneratorConfigBuilder builder = new SchemaGeneratorConfigBuilder(
                        SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .without(Option.SCHEMA_VERSION_INDICATOR)
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT);
        builder.forFields()
                .withRequiredCheck(field -> !nullable(field))
                .withNullableCheck(RecordSchemas::nullable)
                .withPropertyNameOverrideResolver(field -> {
                    JsonProperty property = field.getAnnotationConsideringFieldAndGetter(JsonProperty.class);
                    return property == null || property.value().isEmpty() ? null : property.value();
                })
                .withDescriptionResolver(field -> {
                    JsonPropertyDescription description =
                            field.getAnnotationConsideringFieldAndGetter(JsonPropertyDescription.class);
                    return description == null ? null : description.value();
                });
        builder.forTypesInGeneral().withDescriptionResolver(scope -> {
            JsonClassDescription description =
                    scope.getType().getErasedType().getAnnotation(JsonClassDescription.class);
            return description == null ? null : description.value();
        });
        return new SchemaGenerator(builder.build());
    }

    private static boolean nullable(FieldScope field) {
        if (field.isFakeContainerItemScope()) {
            return false;
        }
        Field raw = field.getRawMember();
        return raw.getAnnotatedType().isAnnotationPresent(Nullable.class);
    }
}
