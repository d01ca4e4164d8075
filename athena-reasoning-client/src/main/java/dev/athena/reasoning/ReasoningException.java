package dev.athena.reasoning;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A reasoning call failed. {@link #isTransient()} tells callers whether trying again later can help (server down,
 * loading, overloaded, timed out) or not (bad request, wrong key, a prompt too long for the model).
 */
public class ReasoningException extends RuntimeException {

    private final boolean transientFailure;
    private final @Nullable Duration retryAfter;

    public ReasoningException(
            String message, boolean transientFailure, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
    }

    public ReasoningException(String message, boolean transientFailure) {
        this(message, transientFailure, null, null);
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** How long the server asked us to wait before trying again ({@code retry-after}), when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
