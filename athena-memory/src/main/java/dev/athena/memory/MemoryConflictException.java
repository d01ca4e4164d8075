package dev.athena.memory;

/** The request is valid but the memory's current state forbids it, e.g. superseding a memory already superseded. */
public class MemoryConflictException extends RuntimeException {

    public MemoryConflictException(String message) {
        super(message);
    }
}
