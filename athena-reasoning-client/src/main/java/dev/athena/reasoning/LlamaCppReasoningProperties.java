package dev.athena.reasoning;

import java.time.Duration;

import dev.athena.resilience.ResilienceProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The llama.cpp reasoning server, under {@code athena.reasoning.llamacpp}; used when the provider is {@code llamacpp}.
 *
 * @param baseUrl the llama-server, e.g. {@code http://localhost:8002} ({@code LLAMACPP_REASONING_URL})
 * @param apiKey sent as {@code Authorization: Bearer} when the server runs with {@code --api-key}
 * @param model model name sent with chat requests; llama-server serves its one model whatever it is called, so it may
 *     stay empty
 * @param generationTimeout longest wait for one generation; CPU inference of a 4B model runs at tens of tokens per
 *     second, so a 1,000-token answer to a long prompt takes a minute
 * @param healthTimeout longest wait for {@code /health} and {@code /props}
 * @param streamIdleTimeout longest silence between two chunks of a stream
 * @param defaultMaxTokens token budget of an answer when the call sets none
 * @param structuredTemperature temperature of structured calls that set none (low: extraction, not prose)
 * @param retry retries of transient failures (503 loading, 5xx, unreachable); defaults: 3 attempts, backoff from 500ms
 *     doubling up to 8s, a {@code retry-after} honoured up to {@code max-backoff} unless {@code max-retry-after} is set
 * @param circuitBreaker the circuit breaker {@code reasoning-llamacpp}; defaults: opens at 50% of the last 10 calls
 *     failing (judged from 5), stays open 30s, then lets 2 trial calls through
 * @param bulkhead the server's slots: requests in flight at once; defaults: 0 (follow the server's {@code total_slots},
 *     one until it is known), waiting up to 120s for a free slot before failing as busy
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
        @NestedConfigurationProperty ResilienceProperties.@Nullable Retry retry,
        @NestedConfigurationProperty ResilienceProperties.@Nullable CircuitBreaker circuitBreaker,
        @NestedConfigurationProperty ResilienceProperties.@Nullable Bulkhead bulkhead) {

    public static final String CONFIG_PREFIX = "athena.reasoning.llamacpp";
    public static final String DEFAULT_BASE_URL = "http://localhost:8002";
    public static final String DEFAULT_GENERATION_TIMEOUT = "180s";
    public static final String DEFAULT_HEALTH_TIMEOUT = "2s";
    public static final String DEFAULT_STREAM_IDLE_TIMEOUT = "60s";
    public static final int DEFAULT_MAX_TOKENS = 1024;
    public static final double DEFAULT_STRUCTURED_TEMPERATURE = 0.2;
    /** The resilience defaults; an unset {@code retry.max-retry-after} follows {@code retry.max-backoff}. */
    public static final ResilienceProperties DEFAULT_RESILIENCE = new ResilienceProperties(
            new ResilienceProperties.Retry(3, Duration.ofMillis(500), Duration.ofSeconds(8), null),
            new ResilienceProperties.CircuitBreaker(50f, 10, 5, Duration.ofSeconds(30), 2),
            new ResilienceProperties.Bulkhead(0, Duration.ofSeconds(120)));

    public LlamaCppReasoningProperties {
        if (defaultMaxTokens <= 0) {
            throw new IllegalArgumentException(
                    "athena.reasoning.llamacpp.default-max-tokens must be positive, was " + defaultMaxTokens);
        }
        ResilienceProperties resilience =
                new ResilienceProperties(retry, circuitBreaker, bulkhead).orElse(DEFAULT_RESILIENCE);
        ResilienceProperties.Retry merged = resilience.retry();
        if (merged.maxRetryAfter() == null) {
            merged = new ResilienceProperties.Retry(
                    merged.maxAttempts(), merged.initialBackoff(), merged.maxBackoff(), merged.maxBackoff());
        }
        resilience = new ResilienceProperties(merged, resilience.circuitBreaker(), resilience.bulkhead())
                .validate(CONFIG_PREFIX);
        retry = resilience.retry();
        circuitBreaker = resilience.circuitBreaker();
        bulkhead = resilience.bulkhead();
    }

    /** The retry, circuit breaker and bulkhead settings, every value set. */
    public ResilienceProperties resilience() {
        return new ResilienceProperties(retry, circuitBreaker, bulkhead);
    }

    /** The key itself never appears in logs. */
    @Override
    public String toString() {
        return "LlamaCppReasoningProperties[baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                + (apiKey.isBlank() ? "<none>" : "<set>") + "]";
    }
}
