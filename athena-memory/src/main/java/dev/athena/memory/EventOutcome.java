package dev.athena.memory;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an event ended. */
public enum EventOutcome {
    SUCCESS,
    FAILURE,
    PARTIAL,
    ONGOING;

    /** The name on the wire and in the database; Jackson reads and writes the enum by it. */
    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    /** Parses a wire name, failing with a validation error that names the field and the allowed values. */
    public static EventOutcome fromWireName(String field, String value) {
        return WireNames.parse(EventOutcome.class, field, value);
    }
}
