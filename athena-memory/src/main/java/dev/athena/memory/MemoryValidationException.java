package dev.athena.memory;

/** A request the memory module refuses; nothing was written. Carries the offending field for the API's error body. */
public class MemoryValidationException extends RuntimeException {

    private final String field;

    public MemoryValidationException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return getMessage();
    }
}
