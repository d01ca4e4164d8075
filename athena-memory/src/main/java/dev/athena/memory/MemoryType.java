package dev.athena.memory;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of memory Athena keeps; stored in lower case. */
public enum MemoryType {
    FACT,
    PATTERN,
    DECISION,
    CONTEXT;

    /** The name on the wire and in the database; Jackson reads and writes the enum by it. */
    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    /** Parses a wire name, failing with a validation error that names the field and the allowed values. */
    public static MemoryType fromWireName(String field, String value) {
        return WireNames.parse(MemoryType.class, field, value);
    }

    public static String allowedValues() {
        return WireNames.allowed(MemoryType.class);
    }
}
