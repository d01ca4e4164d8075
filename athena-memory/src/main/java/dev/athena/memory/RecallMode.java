package dev.athena.memory;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which evidence recall uses. Hybrid is the default; the others exist for evaluation and for callers that know better.
 */
public enum RecallMode {
    HYBRID,
    VECTOR,
    TEXT;

    /** The name on the wire and in the database; Jackson reads and writes the enum by it. */
    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    /** Parses a wire name, failing with a validation error that names the field and the allowed values. */
    public static RecallMode fromWireName(String field, String value) {
        return WireNames.parse(RecallMode.class, field, value);
    }
}
