package dev.athena.memory;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of memory Athena keeps; stored in lower case. */
public enum MemoryType {
    FACT, PATTERN, DECISION, CONTEXT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, failing with a validation error that names the field and the allowed values. */
    public static MemoryType fromWireName(String field, String value) {
        for (MemoryType type : values()) {
            if (type.wireName().equals(value)) {
                return type;
            }
        }
        throw new MemoryValidationException(field, "must be one of " + allowedValues() + ", was '" + value + "'");
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(MemoryType::wireName).collect(Collectors.joining(", "));
    }
}
