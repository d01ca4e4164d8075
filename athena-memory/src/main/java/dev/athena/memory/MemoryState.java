package dev.athena.memory;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a memory is in its life. Only active memories are recalled by default. */
public enum MemoryState {
    ACTIVE,
    SUPERSEDED,
    FORGOTTEN;

    /** The name on the wire and in the database; Jackson reads and writes the enum by it. */
    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    /** Parses a wire name, failing with a validation error that names the field and the allowed values. */
    public static MemoryState fromWireName(String field, String value) {
        return WireNames.parse(MemoryState.class, field, value);
    }
}
