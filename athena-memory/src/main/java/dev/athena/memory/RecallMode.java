package dev.athena.memory;

import java.util.Locale;

/** Which evidence recall uses. Hybrid is the default; the others exist for evaluation and for callers that know better. */
public enum RecallMode {
    HYBRID, VECTOR, TEXT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RecallMode fromWireName(String field, String value) {
        for (RecallMode mode : values()) {
            if (mode.wireName().equals(value)) {
                return mode;
            }
        }
        throw new MemoryValidationException(field, "must be one of hybrid, vector, text, was '" + value + "'");
    }
}
