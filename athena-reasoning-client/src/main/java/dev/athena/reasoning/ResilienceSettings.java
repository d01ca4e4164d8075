package dev.athena.reasoning;

import java.time.Duration;

/**
 * How one adapter protects itself and the model server; built from the adapter's properties.
 *
 * @param maxAttempts          calls per request, the first included, for transient failures
 * @param initialBackoff       wait before the first retry; doubles per retry
 * @param maxBackoff           longest wait between two attempts
 * @param maxRetryAfter        longest {@code retry-after} honoured; a longer one fails the call at once
 * @param maxConcurrent        requests in flight at once; 0 means "as many as the server has slots"
 * @param slotWait             how long a request waits for a free slot before failing as busy
 * @param failureRateThreshold percentage of failed calls that opens the circuit breaker
 * @param openDuration         how long an open circuit breaker rejects calls before probing again
 */
record ResilienceSettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
                          int maxConcurrent, Duration slotWait, float failureRateThreshold, Duration openDuration) {

    ResilienceSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1, was " + maxAttempts);
        }
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException("max-concurrent-requests must not be negative, was " + maxConcurrent);
        }
        if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
            throw new IllegalArgumentException("circuit-breaker-failure-rate must be within (0, 100], was " + failureRateThreshold);
        }
    }
}
