package dev.athena.memory;

/** The kinds of memory Athena keeps; stored in lower case. */
public enum MemoryType {
    FACT, PATTERN, DECISION, CONTEXT;

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
