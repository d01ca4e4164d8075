package dev.athena.memory;

import java.util.UUID;

/** No memory with this id exists in the caller's project (memories of other projects are never revealed). */
public class MemoryNotFoundException extends RuntimeException {

    private final UUID id;

    public MemoryNotFoundException(UUID id) {
        super("no memory " + id + " in this project");
        this.id = id;
    }

    public UUID id() {
        return id;
    }
}
