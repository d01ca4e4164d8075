package dev.athena.reasoning;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Claude through the Anthropic Messages API, under {@code athena.reasoning.anthropic}; used when the provider is
 * {@code anthropic}.
 *
 * @param baseUrl                    the API root (a proxy or a test stub may stand in)
 * @param apiKey                     sent as {@code x-api-key} ({@code ANTHROPIC_API_KEY})
 * @param model                      the Claude model, e.g. {@code claude-sonnet-4-5}
 * @param contextTokens              the model's context window, for callers sizing prompts
 * @param requestTimeout             longest wait for one answer
 * @param healthTimeout              longest wait for the status probe ({@code GET /v1/models/{model}})
 * @param streamIdleTimeout          longest silence between two events of a stream
 * @param defaultMaxTokens           token budget of an answer when the call sets none (the API requires one)
 * @param structuredTemperature      temperature of structured calls that set none
 * @param maxConcurrentRequests      requests in flight at once
 * @param slotWaitTimeout            how long a request waits for a free slot before failing as busy
 * @param maxAttempts                attempts per call for transient failures (429, 5xx, 529 overloaded)
 * @param initialBackoff             wait before the first retry when the API names none; doubles per retry
 * @param maxBackoff                 longest computed wait between two attempts
 * @param maxRetryAfter              longest {@code retry-after} honoured; when the API asks for more, the call
 *                                   fails at once (transient, with the wait attached) instead of holding the caller
 * @param circuitBreakerFailureRate  percentage of failing calls (of the last 10) that opens the circuit breaker
 * @param circuitBreakerOpenDuration how long an open circuit breaker fails calls at once before probing again
 */
@ConfigurationProperties(AnthropicReasoningProperties.CONFIG_PREFIX)
public record AnthropicReasoningProperties(
        @DefaultValue(DEFAULT_BASE_URL) String baseUrl,
        @DefaultValue("") String apiKey,
        @DefaultValue(DEFAULT_MODEL) String model,
        @DefaultValue("" + DEFAULT_CONTEXT_TOKENS) int contextTokens,
        @DefaultValue(DEFAULT_REQUEST_TIMEOUT) Duration requestTimeout,
        @DefaultValue(DEFAULT_HEALTH_TIMEOUT) Duration healthTimeout,
        @DefaultValue(DEFAULT_STREAM_IDLE_TIMEOUT) Duration streamIdleTimeout,
        @DefaultValue("" + DEFAULT_MAX_TOKENS) int defaultMaxTokens,
        @DefaultValue("" + DEFAULT_STRUCTURED_TEMPERATURE) double structuredTemperature,
        @DefaultValue("" + DEFAULT_MAX_CONCURRENT_REQUESTS) int maxConcurrentRequests,
        @DefaultValue(DEFAULT_SLOT_WAIT_TIMEOUT) Duration slotWaitTimeout,
        @DefaultValue("" + DEFAULT_MAX_ATTEMPTS) int maxAttempts,
        @DefaultValue(DEFAULT_INITIAL_BACKOFF) Duration initialBackoff,
        @DefaultValue(DEFAULT_MAX_BACKOFF) Duration maxBackoff,
        @DefaultValue(DEFAULT_MAX_RETRY_AFTER) Duration maxRetryAfter,
        @DefaultValue("" + DEFAULT_CIRCUIT_BREAKER_FAILURE_RATE) float circuitBreakerFailureRate,
        @DefaultValue(DEFAULT_CIRCUIT_BREAKER_OPEN_DURATION) Duration circuitBreakerOpenDuration) {

    public static final String CONFIG_PREFIX = "athena.reasoning.anthropic";
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    public static final String DEFAULT_MODEL = "claude-sonnet-4-5";
    public static final int DEFAULT_CONTEXT_TOKENS = 200_000;
    public static final String DEFAULT_REQUEST_TIMEOUT = "120s";
    public static final String DEFAULT_HEALTH_TIMEOUT = "5s";
    public static final String DEFAULT_STREAM_IDLE_TIMEOUT = "60s";
    public static final int DEFAULT_MAX_TOKENS = 1024;
    public static final double DEFAULT_STRUCTURED_TEMPERATURE = 0.2;
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 4;
    public static final String DEFAULT_SLOT_WAIT_TIMEOUT = "60s";
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final String DEFAULT_INITIAL_BACKOFF = "1s";
    public static final String DEFAULT_MAX_BACKOFF = "8s";
    public static final String DEFAULT_MAX_RETRY_AFTER = "30s";
    public static final float DEFAULT_CIRCUIT_BREAKER_FAILURE_RATE = 50;
    public static final String DEFAULT_CIRCUIT_BREAKER_OPEN_DURATION = "30s";

    public AnthropicReasoningProperties {
        if (defaultMaxTokens <= 0) {
            throw new IllegalArgumentException("athena.reasoning.anthropic.default-max-tokens must be positive, was " + defaultMaxTokens);
        }
        if (maxConcurrentRequests <= 0) {
            throw new IllegalArgumentException("athena.reasoning.anthropic.max-concurrent-requests must be positive, was "
                    + maxConcurrentRequests);
        }
    }

    ResilienceSettings resilience() {
        return new ResilienceSettings(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, maxConcurrentRequests,
                slotWaitTimeout, circuitBreakerFailureRate, circuitBreakerOpenDuration);
    }

    /** The key itself never appears in logs or {@code /actuator/configprops}. */
    @Override
    public String toString() {
        return "AnthropicReasoningProperties[baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                + (apiKey.isBlank() ? "<none>" : "<set>") + "]";
    }
}
