package dev.athena.memory;

import java.util.Locale;

/** Where a memory is in its life. Only active memories are recalled by default. */
public enum MemoryState {
    ACTIVE, SUPERSEDED, FORGOTTEN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MemoryState fromWireName(String field, String value) {
        for (MemoryState state : values()) {
            if (state.wireName().equals(value)) {
                return state;
            }
        }
        throw new MemoryValidationException(field, "must be one of active, superseded, forgotten, was '" + value + "'");
    }
}
