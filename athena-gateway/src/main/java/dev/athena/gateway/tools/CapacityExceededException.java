package dev.athena.gateway.tools;

import java.time.Duration;

/**
 * A call refused because a limit on concurrent work was reached: the caller's own share ({@link Scope#CALLER}, a 429)
 * or the whole server's ({@link Scope#SERVER}, a 503). Either way nothing was done and the same call may be retried
 * after {@link #retryAfter()}.
 */
public class CapacityExceededException extends RuntimeException {

    public enum Scope {
        CALLER,
        SERVER
    }

    private final Scope scope;
    private final Duration retryAfter;

    public CapacityExceededException(Scope scope, String message, Duration retryAfter) {
        super(message);
        this.scope = scope;
        this.retryAfter = retryAfter;
    }

    public Scope scope() {
        return scope;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
