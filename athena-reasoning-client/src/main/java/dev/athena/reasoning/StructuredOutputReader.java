package dev.athena.reasoning;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a model's JSON answer into the requested record, or says precisely why it cannot: not JSON, not an object, a
 * required property missing or null (nested records and lists of records included), a value of the wrong type. The
 * schema constrains the server's sampling, but a cut answer, an ignored schema or a different server still produce
 * anything; only what passes here reaches the caller.
 */
final class StructuredOutputReader {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Either the record or the problem with the answer. */
    record Outcome<T>(Optional<T> value, String problem) {

        static <T> Outcome<T> valid(T value) {
            return new Outcome<>(Optional.of(value), "");
        }

        static <T> Outcome<T> invalid(String problem) {
            return new Outcome<>(Optional.empty(), problem);
        }
    }

    private StructuredOutputReader() {}

    static <T extends Record> Outcome<T> read(String answer, Class<T> type) {
        String json = stripCodeFence(answer == null ? "" : answer.strip());
        if (json.isEmpty()) {
            return Outcome.invalid("the answer was empty");
        }
        JsonNode tree;
        try {
            tree = STRICT.readTree(json);
        } catch (JacksonException e) {
            return Outcome.invalid("the answer is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        String missing = firstMissing(tree, type, "$");
        if (missing != null) {
            return Outcome.invalid(missing);
        }
        try {
            return Outcome.valid(STRICT.treeToValue(tree, type));
        } catch (JacksonException e) {
            return Outcome.invalid(
                    "the answer does not match " + type.getSimpleName() + " (" + e.getOriginalMessage() + ")");
        }
    }

    private static String firstMissing(JsonNode node, Class<?> type, String path) {
        if (!node.isObject()) {
            return path + " must be a JSON object";
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String name = RecordSchemas.propertyName(component);
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                if (!RecordSchemas.isNullable(component)) {
                    return path + "." + name + " is required but missing";
                }
                continue;
            }
            String nested = nestedMissing(value, component.getGenericType(), path + "." + name);
            if (nested != null) {
                return nested;
            }
        }
        return null;
    }

    private static String nestedMissing(JsonNode value, Type type, String path) {
        if (type instanceof Class<?> cls && cls.isRecord()) {
            return firstMissing(value, cls, path);
        }
        if (type instanceof ParameterizedType parameterized
                && parameterized.getRawType() instanceof Class<?> raw
                && Collection.class.isAssignableFrom(raw)
                && value.isArray()) {
            Type element = parameterized.getActualTypeArguments()[0];
            for (int i = 0; i < value.size(); i++) {
                if (value.get(i).isNull()) {
                    return path + "[" + i + "] must not be null";
                }
                String nested = nestedMissing(value.get(i), element, path + "[" + i + "]");
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    /** Some models wrap JSON in a Markdown fence even when asked not to. */
    static String stripCodeFence(String text) {
        if (!text.startsWith("```")) {
            return text;
        }
        int firstLineEnd = text.indexOf('\n');
        String body = firstLineEnd < 0 ? "" : text.substring(firstLineEnd + 1);
        int closing = body.lastIndexOf("```");
        return (closing < 0 ? body : body.substring(0, closing)).strip();
    }
}
