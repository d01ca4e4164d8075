package dev.athena.reasoning;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * No model can answer now: none is configured, or it is unreachable, loading, overloaded, rate-limited or too slow.
 * Consolidation falls back to its heuristics on this exception; {@link #reason()} says which case it is.
 */
public class ReasoningUnavailableException extends ReasoningException {

    public enum Reason {
        /** No reasoning server is configured: permanent until the configuration changes. */
        NOT_CONFIGURED,
        /** The server could not be reached (connection refused, reset, DNS). */
        UNREACHABLE,
        /** The server is still loading its model (llama.cpp 503). */
        LOADING,
        /** The server is overloaded or failed internally (5xx, Claude 529). */
        OVERLOADED,
        /** The provider rate-limits us (429). */
        RATE_LIMITED,
        /** Recent calls failed so often that the circuit breaker stopped sending more for a while. */
        CIRCUIT_OPEN,
        /** Every slot stayed busy for longer than the configured slot wait. */
        BUSY,
        /** The model did not answer within the generation timeout. */
        TIMEOUT
    }

    private final Reason reason;

    public ReasoningUnavailableException(
            Reason reason, String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(message, reason != Reason.NOT_CONFIGURED, retryAfter, cause);
        this.reason = reason;
    }

    public ReasoningUnavailableException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public Reason reason() {
        return reason;
    }
}
