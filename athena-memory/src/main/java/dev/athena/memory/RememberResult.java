package dev.athena.memory;

import java.util.Locale;
import java.util.UUID;

/**
 * The outcome of a remember call. Every status means the memory is durably stored.
 *
 * @param id     the memory's id (the existing one for a duplicate)
 * @param status what happened
 */
public record RememberResult(UUID id, Status status) {

    public enum Status {
        /** Stored with its embedding. */
        CREATED,
        /** Already known in this project: nothing new was written. */
        DUPLICATE,
        /** Stored and findable by full text; the embedding follows when the embedder answers. */
        PENDING_EMBEDDING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
