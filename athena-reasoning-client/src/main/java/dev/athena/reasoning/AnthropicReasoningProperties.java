package dev.athena.reasoning;

import java.time.Duration;

import dev.athena.resilience.ResilienceProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Claude through the Anthropic Messages API, under {@code athena.reasoning.anthropic}; used when the provider is
 * {@code anthropic}.
 *
 * @param baseUrl the API root (a proxy or a test stub may stand in)
 * @param apiKey sent as {@code x-api-key} ({@code ANTHROPIC_API_KEY})
 * @param model the Claude model, e.g. {@code claude-sonnet-4-5}
 * @param contextTokens the model's context window, for callers sizing prompts
 * @param requestTimeout longest wait for one answer
 * @param healthTimeout longest wait for the status probe ({@code GET /v1/models/{model}})
 * @param streamIdleTimeout longest silence between two events of a stream
 * @param defaultMaxTokens token budget of an answer when the call sets none (the API requires one)
 * @param structuredTemperature temperature of structured calls that set none
 * @param retry retries of transient failures (429, 5xx, 529 overloaded); defaults: 3 attempts, backoff from 1s doubling
 *     up to 8s when the API names no wait, a {@code retry-after} honoured up to 30s: when the API asks for more, the
 *     call fails at once (transient, with the wait attached) instead of holding the caller
 * @param circuitBreaker the circuit breaker {@code reasoning-anthropic}; defaults: opens at 50% of the last 10 calls
 *     failing (judged from 5), stays open 30s, then lets 2 trial calls through
 * @param bulkhead requests in flight at once; defaults: 4, waiting up to 60s for a free place before failing as busy
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
        @NestedConfigurationProperty ResilienceProperties.@Nullable Retry retry,
        @NestedConfigurationProperty ResilienceProperties.@Nullable CircuitBreaker circuitBreaker,
        @NestedConfigurationProperty ResilienceProperties.@Nullable Bulkhead bulkhead) {

    public static final String CONFIG_PREFIX = "athena.reasoning.anthropic";
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    public static final String DEFAULT_MODEL = "claude-sonnet-4-5";
    public static final int DEFAULT_CONTEXT_TOKENS = 200_000;
    public static final String DEFAULT_REQUEST_TIMEOUT = "120s";
    public static final String DEFAULT_HEALTH_TIMEOUT = "5s";
    public static final String DEFAULT_STREAM_IDLE_TIMEOUT = "60s";
    public static final int DEFAULT_MAX_TOKENS = 1024;
    public static final double DEFAULT_STRUCTURED_TEMPERATURE = 0.2;
    public static final ResilienceProperties DEFAULT_RESILIENCE = new ResilienceProperties(
            new ResilienceProperties.Retry(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(30)),
            new ResilienceProperties.CircuitBreaker(50f, 10, 5, Duration.ofSeconds(30), 2),
            new ResilienceProperties.Bulkhead(4, Duration.ofSeconds(60)));

    public AnthropicReasoningProperties {
        if (defaultMaxTokens <= 0) {
            throw new IllegalArgumentException(
                    "athena.reasoning.anthropic.default-max-tokens must be positive, was " + defaultMaxTokens);
        }
        ResilienceProperties resilience = new ResilienceProperties(retry, circuitBreaker, bulkhead)
                .orElse(DEFAULT_RESILIENCE)
                .validate(CONFIG_PREFIX);
        if (!resilience.bulkhead().limited()) {
            throw new IllegalArgumentException(CONFIG_PREFIX + ".bulkhead.max-concurrent-calls must be positive, was "
                    + resilience.bulkhead().maxConcurrentCalls());
        }
        retry = resilience.retry();
        circuitBreaker = resilience.circuitBreaker();
        bulkhead = resilience.bulkhead();
    }

    /** The retry, circuit breaker and bulkhead settings, every value set. */
    public ResilienceProperties resilience() {
        return new ResilienceProperties(retry, circuitBreaker, bulkhead);
    }

    /** The key itself never appears in logs or {@code /actuator/configprops}. */
    @Override
    public String toString() {
        return "AnthropicReasoningProperties[baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                + (apiKey.isBlank() ? "<none>" : "<set>") + "]";
    }
}
