package dev.athena.memory;

import java.util.Locale;
import java.util.UUID;

/**
 * The outcome of a remember call. Every status means the memory is durably stored.
 *
 * @param id the memory's id (the existing one for a duplicate)
 * @param status what happened
 * @param similarity for a near-duplicate, the cosine similarity to the existing memory; otherwise {@code null}
 */
public record RememberResult(UUID id, Status status, Double similarity) {

    public enum Status {
        /** Stored with its embedding. */
        CREATED,
        /** Already known in this project (identical, or above the near-duplicate threshold): nothing was written. */
        DUPLICATE,
        /** Stored and findable by full text; the embedding follows when the embedder answers. */
        PENDING_EMBEDDING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static RememberResult created(UUID id, boolean embedded) {
        return new RememberResult(id, embedded ? Status.CREATED : Status.PENDING_EMBEDDING, null);
    }

    static RememberResult exactDuplicate(UUID existing) {
        return new RememberResult(existing, Status.DUPLICATE, 1.0);
    }

    static RememberResult nearDuplicate(UUID existing, double similarity) {
        return new RememberResult(existing, Status.DUPLICATE, similarity);
    }
}
