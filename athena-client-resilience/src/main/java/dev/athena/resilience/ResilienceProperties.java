package dev.athena.resilience;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How one remote adapter protects itself and its server, bound from the adapter's {@code retry.*},
 * {@code circuit-breaker.*} and {@code bulkhead.*} properties. The adapters differ only in their defaults: each
 * properties record binds what is set, fills the rest from its own defaults with {@link #orElse} and then
 * {@link #validate}s the result under its prefix, so every component of a validated instance is set.
 *
 * @param retry retries of transient failures
 * @param circuitBreaker the circuit breaker around every call
 * @param bulkhead the bound on calls in flight at once
 */
public record ResilienceProperties(Retry retry, CircuitBreaker circuitBreaker, Bulkhead bulkhead) {

    /** This shape with every unset value taken from {@code defaults}. */
    public ResilienceProperties orElse(ResilienceProperties defaults) {
        return new ResilienceProperties(
                Retry.orElse(retry, defaults.retry()),
                CircuitBreaker.orElse(circuitBreaker, defaults.circuitBreaker()),
                Bulkhead.orElse(bulkhead, defaults.bulkhead()));
    }

    /**
     * Fails with the full property name when a value is unset or out of range.
     *
     * @param prefix the adapter's prefix, e.g. {@code athena.reasoning.llamacpp}
     */
    public ResilienceProperties validate(String prefix) {
        retry.validate(prefix + ".retry");
        circuitBreaker.validate(prefix + ".circuit-breaker");
        bulkhead.validate(prefix + ".bulkhead");
        return this;
    }

    /**
     * Retries of transient failures, with exponential backoff: the wait doubles per retry up to {@code max-backoff},
     * unless the server names its own wait ({@code retry-after}).
     *
     * @param maxAttempts attempts in all, the first one included; 1 turns retrying off
     * @param initialBackoff wait before the second attempt; each further wait doubles
     * @param maxBackoff longest computed wait between two attempts
     * @param maxRetryAfter longest {@code retry-after} the adapter honours; a longer one fails the call at once
     *     (adapters whose server sends no {@code retry-after} ignore it)
     */
    public record Retry(
            @Nullable Integer maxAttempts,
            @Nullable Duration initialBackoff,
            @Nullable Duration maxBackoff,
            @Nullable Duration maxRetryAfter) {

        private static final int MAX_DOUBLINGS = 20;

        static Retry orElse(@Nullable Retry value, Retry defaults) {
            if (value == null) {
                return defaults;
            }
            return new Retry(
                    first(value.maxAttempts, defaults.maxAttempts),
                    first(value.initialBackoff, defaults.initialBackoff),
                    first(value.maxBackoff, defaults.maxBackoff),
                    first(value.maxRetryAfter, defaults.maxRetryAfter));
        }

        /** The wait before attempt {@code attempt + 1}: {@code initial-backoff} doubled per retry, capped. */
        public Duration backoff(int attempt) {
            long initial = required(initialBackoff).toMillis();
            long exponential = initial << Math.min(Math.max(attempt - 1, 0), MAX_DOUBLINGS);
            return Duration.ofMillis(Math.min(exponential, required(maxBackoff).toMillis()));
        }

        public int attempts() {
            return required(maxAttempts);
        }

        void validate(String prefix) {
            if (required(maxAttempts, prefix, "max-attempts") < 1) {
                throw new IllegalArgumentException(prefix + ".max-attempts must be at least 1, was " + maxAttempts);
            }
            requireNotNegative(initialBackoff, prefix, "initial-backoff");
            requireNotNegative(maxBackoff, prefix, "max-backoff");
            requireNotNegative(maxRetryAfter, prefix, "max-retry-after");
        }
    }

    /**
     * The circuit breaker: it opens when too many of the recent calls failed transiently, answers at once while open,
     * and lets a few trial calls through (half-open) after {@code wait-in-open-state}.
     *
     * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
     * @param slidingWindowSize how many recent calls are counted
     * @param minimumNumberOfCalls calls needed before the rate is judged
     * @param waitInOpenState how long the breaker stays open before it half-opens
     * @param permittedCallsInHalfOpenState trial calls let through when half-open
     */
    public record CircuitBreaker(
            @Nullable Float failureRateThreshold,
            @Nullable Integer slidingWindowSize,
            @Nullable Integer minimumNumberOfCalls,
            @Nullable Duration waitInOpenState,
            @Nullable Integer permittedCallsInHalfOpenState) {

        static CircuitBreaker orElse(@Nullable CircuitBreaker value, CircuitBreaker defaults) {
            if (value == null) {
                return defaults;
            }
            return new CircuitBreaker(
                    first(value.failureRateThreshold, defaults.failureRateThreshold),
                    first(value.slidingWindowSize, defaults.slidingWindowSize),
                    first(value.minimumNumberOfCalls, defaults.minimumNumberOfCalls),
                    first(value.waitInOpenState, defaults.waitInOpenState),
                    first(value.permittedCallsInHalfOpenState, defaults.permittedCallsInHalfOpenState));
        }

        void validate(String prefix) {
            float rate = required(failureRateThreshold, prefix, "failure-rate-threshold");
            if (rate <= 0 || rate > 100) {
                throw new IllegalArgumentException(
                        prefix + ".failure-rate-threshold must be within (0, 100], was " + rate);
            }
            requirePositive(slidingWindowSize, prefix, "sliding-window-size");
            requirePositive(minimumNumberOfCalls, prefix, "minimum-number-of-calls");
            requireNotNegative(waitInOpenState, prefix, "wait-in-open-state");
            requirePositive(permittedCallsInHalfOpenState, prefix, "permitted-calls-in-half-open-state");
        }
    }

    /**
     * The bulkhead: at most {@code max-concurrent-calls} calls in flight; one more waits up to {@code max-wait} for a
     * free place and then fails as busy. A retry takes a new place, so the backoff wait holds none.
     *
     * @param maxConcurrentCalls calls in flight at once; {@code 0} leaves the limit to the adapter (the llama.cpp
     *     reasoning adapter follows the server's slots, the embedding adapter sets none)
     * @param maxWait how long a call waits for a free place before failing as busy
     */
    public record Bulkhead(
            @Nullable Integer maxConcurrentCalls, @Nullable Duration maxWait) {

        static Bulkhead orElse(@Nullable Bulkhead value, Bulkhead defaults) {
            if (value == null) {
                return defaults;
            }
            return new Bulkhead(
                    first(value.maxConcurrentCalls, defaults.maxConcurrentCalls),
                    first(value.maxWait, defaults.maxWait));
        }

        /** Whether a limit is configured, as opposed to left to the adapter ({@code 0}). */
        public boolean limited() {
            return required(maxConcurrentCalls) > 0;
        }

        void validate(String prefix) {
            if (required(maxConcurrentCalls, prefix, "max-concurrent-calls") < 0) {
                throw new IllegalArgumentException(
                        prefix + ".max-concurrent-calls must not be negative, was " + maxConcurrentCalls);
            }
            requireNotNegative(maxWait, prefix, "max-wait");
        }
    }

    private static <T> @Nullable T first(@Nullable T value, @Nullable T fallback) {
        return value != null ? value : fallback;
    }

    private static <T> T required(@Nullable T value) {
        return Objects.requireNonNull(value, "resilience properties used before validate()");
    }

    private static <T> T required(@Nullable T value, String prefix, String name) {
        if (value == null) {
            throw new IllegalArgumentException(prefix + "." + name + " must be set");
        }
        return value;
    }

    private static void requirePositive(@Nullable Integer value, String prefix, String name) {
        if (required(value, prefix, name) < 1) {
            throw new IllegalArgumentException(prefix + "." + name + " must be at least 1, was " + value);
        }
    }

    private static void requireNotNegative(@Nullable Duration value, String prefix, String name) {
        if (required(value, prefix, name).isNegative()) {
            throw new IllegalArgumentException(prefix + "." + name + " must not be negative, was " + value);
        }
    }
}
