package dev.athena.gateway.tools;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds a tool's JSON body to its parameter record, strictly: snake_case names, unknown names rejected, no silent
 * coercion of {@code "5"} into 5 or of {@code null} into 0, then Bean Validation. Every failure names its field.
 */
@Component
class ToolParameterBinder {

    static final JsonMapper WIRE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private final Validator validator;

    ToolParameterBinder(Validator validator) {
        this.validator = validator;
    }

    /** Binds a raw request body, as {@code POST /tools/{name}/execute} receives it. */
    <P> P bind(ToolDefinition<P> tool, byte[] body) {
        return bind(tool, parse(body));
    }

    /** Binds an already parsed parameters object, as MCP's {@code tools/call} carries it. */
    <P> P bind(ToolDefinition<P> tool, JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new InvalidParametersException("body", "must be a JSON object of the tool's parameters");
        }
        P parameters = convert(tree, tool.parameters());
        List<ConstraintViolation<P>> violations = new ArrayList<>(validator.validate(parameters));
        if (!violations.isEmpty()) {
            violations.sort(Comparator.comparing(v -> v.getPropertyPath().toString()));
            throw new InvalidParametersException(violations.stream()
                    .map(v -> new InvalidParametersException.Violation(ToolSchemas.snakeCase(v.getPropertyPath().toString()), v.getMessage()))
                    .toList());
        }
        return parameters;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidParametersException("body", "is empty: send the tool's parameters as a JSON object");
        }
        try {
            return WIRE.readTree(body);
        } catch (StreamReadException e) {
            var location = e.getLocation();
            throw new InvalidParametersException("body", "is not valid JSON (line " + location.getLineNr()
                    + ", column " + location.getColumnNr() + ")");
        } catch (JacksonException e) {
            throw new InvalidParametersException("body", "is not valid JSON");
        }
    }

    private static <P> P convert(JsonNode tree, Class<P> type) {
        try {
            return WIRE.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidParametersException(path(e), "is not a parameter of this tool");
        } catch (JacksonException e) {
            throw new InvalidParametersException(path(e), "has the wrong type or format");
        }
    }

    private static String path(JacksonException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }
}
