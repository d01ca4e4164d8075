package dev.athena.memory;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What kind of thing happened in an agent's session. */
public enum EventType {
    CONVERSATION, ACTION, DECISION, ERROR, SUCCESS, FILE_CHANGE, TEST_RUN, DEPLOYMENT, REFACTORING, DEBUGGING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventType fromWireName(String field, String value) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new MemoryValidationException(field, "must be one of "
                        + Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", ")) + ", was '" + value + "'"));
    }
}
