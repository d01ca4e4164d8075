package dev.athena.memory;

import com.fasterxml.jackson.annotation.JsonValue;

/** What kind of thing happened in an agent's session. */
public enum EventType {
    CONVERSATION,
    ACTION,
    DECISION,
    ERROR,
    SUCCESS,
    FILE_CHANGE,
    TEST_RUN,
    DEPLOYMENT,
    REFACTORING,
    DEBUGGING;

    /** The name on the wire and in the database; Jackson reads and writes the enum by it. */
    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    /** Parses a wire name, failing with a validation error that names the field and the allowed values. */
    public static EventType fromWireName(String field, String value) {
        return WireNames.parse(EventType.class, field, value);
    }
}
