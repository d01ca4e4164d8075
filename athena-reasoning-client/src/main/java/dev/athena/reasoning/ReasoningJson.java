package dev.athena.reasoning;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper of the reasoning adapters. Athena owns it instead of using the application's, so the wire format of
 * the model servers never depends on the gateway's Jackson settings (its snake_case naming, for one).
 */
final class ReasoningJson {

    /** Tolerant reader: servers add and drop fields between versions; an absent number reads as 0. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ReasoningJson() {}

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static <T> T read(String json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }

    /** Parses a body, or answers a missing node when it is not JSON (error bodies of proxies often are not). */
    static JsonNode readTreeOrMissing(String body) {
        try {
            return MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JacksonException e) {
            return MAPPER.missingNode();
        }
    }

    /** The first characters of a body, for error messages. */
    static String snippet(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
