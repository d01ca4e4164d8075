package dev.athena.reasoning;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The llama.cpp reasoning server, under {@code athena.reasoning.llamacpp}; used when the provider is {@code llamacpp}.
 *
 * @param baseUrl                    the llama-server, e.g. {@code http://localhost:8002} ({@code LLAMACPP_REASONING_URL})
 * @param apiKey                     sent as {@code Authorization: Bearer} when the server runs with {@code --api-key}
 * @param model                      model name sent with chat requests; llama-server serves its one model whatever
 *                                   it is called, so it may stay empty
 * @param generationTimeout          longest wait for one generation; CPU inference of a 4B model runs at tens of
 *                                   tokens per second, so a 1,000-token answer to a long prompt takes a minute
 * @param healthTimeout              longest wait for {@code /health} and {@code /props}
 * @param streamIdleTimeout          longest silence between two chunks of a stream
 * @param defaultMaxTokens           token budget of an answer when the call sets none
 * @param structuredTemperature      temperature of structured calls that set none (low: extraction, not prose)
 * @param maxConcurrentRequests      requests in flight at once; 0 follows the server's {@code total_slots}
 * @param slotWaitTimeout            how long a request waits for a free slot before failing as busy
 * @param maxAttempts                attempts per call for transient failures (503 loading, 5xx, unreachable)
 * @param initialBackoff             wait before the first retry; doubles per retry
 * @param maxBackoff                 longest wait between two attempts
 * @param circuitBreakerFailureRate  percentage of failing calls (of the last 10) that opens the circuit breaker
 * @param circuitBreakerOpenDuration how long an open circuit breaker fails calls at once before probing again
 */
@ConfigurationProperties(LlamaCppReasoningProperties.CONFIG_PREFIX)
public record LlamaCppReasoningProperties(
        @DefaultValue(DEFAULT_BASE_URL) String baseUrl,
        @DefaultValue("") String apiKey,
        @DefaultValue("") String model,
        @DefaultValue(DEFAULT_GENERATION_TIMEOUT) Duration generationTimeout,
        @DefaultValue(DEFAULT_HEALTH_TIMEOUT) Duration healthTimeout,
        @DefaultValue(DEFAULT_STREAM_IDLE_TIMEOUT) Duration streamIdleTimeout,
        @DefaultValue("" + DEFAULT_MAX_TOKENS) int defaultMaxTokens,
        @DefaultValue("" + DEFAULT_STRUCTURED_TEMPERATURE) double structuredTemperature,
        @DefaultValue("" + DEFAULT_MAX_CONCURRENT_REQUESTS) int maxConcurrentRequests,
        @DefaultValue(DEFAULT_SLOT_WAIT_TIMEOUT) Duration slotWaitTimeout,
        @DefaultValue("" + DEFAULT_MAX_ATTEMPTS) int maxAttempts,
        @DefaultValue(DEFAULT_INITIAL_BACKOFF) Duration initialBackoff,
        @DefaultValue(DEFAULT_MAX_BACKOFF) Duration maxBackoff,
        @DefaultValue("" + DEFAULT_CIRCUIT_BREAKER_FAILURE_RATE) float circuitBreakerFailureRate,
        @DefaultValue(DEFAULT_CIRCUIT_BREAKER_OPEN_DURATION) Duration circuitBreakerOpenDuration) {

    public static final String CONFIG_PREFIX = "athena.reasoning.llamacpp";
    public static final String DEFAULT_BASE_URL = "http://localhost:8002";
    public static final String DEFAULT_GENERATION_TIMEOUT = "180s";
    public static final String DEFAULT_HEALTH_TIMEOUT = "2s";
    public static final String DEFAULT_STREAM_IDLE_TIMEOUT = "60s";
    public static final int DEFAULT_MAX_TOKENS = 1024;
    public static final double DEFAULT_STRUCTURED_TEMPERATURE = 0.2;
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 0;
    public static final String DEFAULT_SLOT_WAIT_TIMEOUT = "120s";
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final String DEFAULT_INITIAL_BACKOFF = "500ms";
    public static final String DEFAULT_MAX_BACKOFF = "8s";
    public static final float DEFAULT_CIRCUIT_BREAKER_FAILURE_RATE = 50;
    public static final String DEFAULT_CIRCUIT_BREAKER_OPEN_DURATION = "30s";

    public LlamaCppReasoningProperties {
        if (defaultMaxTokens <= 0) {
            throw new IllegalArgumentException("athena.reasoning.llamacpp.default-max-tokens must be positive, was " + defaultMaxTokens);
        }
    }

    ResilienceSettings resilience() {
        return new ResilienceSettings(maxAttempts, initialBackoff, maxBackoff, maxBackoff, maxConcurrentRequests,
                slotWaitTimeout, circuitBreakerFailureRate, circuitBreakerOpenDuration);
    }

    /** The key itself never appears in logs. */
    @Override
    public String toString() {
        return "LlamaCppReasoningProperties[baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                + (apiKey.isBlank() ? "<none>" : "<set>") + "]";
    }
}
