package dev.athena.memory;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an event ended. */
public enum EventOutcome {
    SUCCESS, FAILURE, PARTIAL, ONGOING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventOutcome fromWireName(String field, String value) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new MemoryValidationException(field, "must be one of "
                        + Arrays.stream(values()).map(EventOutcome::wireName).collect(Collectors.joining(", ")) + ", was '" + value + "'"));
    }
}
