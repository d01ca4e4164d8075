package dev.athena.embedding;

/**
 * An embedding could not be produced. {@link #isTransient()} tells callers whether trying again later can help (server
 * down, loading, timeout) or not (bad input, wrong key, misconfigured server).
 */
public class EmbeddingException extends RuntimeException {

    private final boolean transientFailure;

    public EmbeddingException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public EmbeddingException(String message, boolean transientFailure) {
        this(message, transientFailure, null);
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
