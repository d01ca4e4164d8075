package dev.athena.memory;

/** How an event ended. */
public enum EventOutcome {
    SUCCESS, FAILURE, PARTIAL, ONGOING;

    public String wireName() {
        return WireNames.of(this);
    }

    /** Parses a wire name, failing with a validation error that names the field and the allowed values. */
    public static EventOutcome fromWireName(String field, String value) {
        return WireNames.parse(EventOutcome.class, field, value);
    }
}
