package dev.athena.reasoning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.athena.resilience.ResilienceProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

/** The nested retry.*, circuit-breaker.* and bulkhead.* properties of both reasoning adapters, and their defaults. */
class ResiliencePropertiesBindingTests {

    private static final Map<String, String> NESTED = Map.of(
            "retry.max-attempts", "5",
            "retry.initial-backoff", "50ms",
            "retry.max-backoff", "4s",
            "retry.max-retry-after", "12s",
            "circuit-breaker.failure-rate-threshold", "80",
            "circuit-breaker.sliding-window-size", "20",
            "circuit-breaker.minimum-number-of-calls", "8",
            "circuit-breaker.wait-in-open-state", "45s",
            "circuit-breaker.permitted-calls-in-half-open-state", "3",
            "bulkhead.max-concurrent-calls", "6");

    private static final ResilienceProperties EXPECTED = new ResilienceProperties(
            new ResilienceProperties.Retry(5, Duration.ofMillis(50), Duration.ofSeconds(4), Duration.ofSeconds(12)),
            new ResilienceProperties.CircuitBreaker(80f, 20, 8, Duration.ofSeconds(45), 3),
            new ResilienceProperties.Bulkhead(6, Duration.ofSeconds(9)));

    private static Map<String, String> nestedWithWait() {
        var values = new HashMap<>(NESTED);
        values.put("bulkhead.max-wait", "9s");
        return values;
    }

    @Test
    void theLlamaCppAdapterBindsTheNestedShape() {
        var properties = TestProperties.bind(
                LlamaCppReasoningProperties.CONFIG_PREFIX, LlamaCppReasoningProperties.class, nestedWithWait());

        assertThat(properties.resilience()).isEqualTo(EXPECTED);
    }

    @Test
    void theAnthropicAdapterBindsTheNestedShape() {
        var properties = TestProperties.bind(
                AnthropicReasoningProperties.CONFIG_PREFIX, AnthropicReasoningProperties.class, nestedWithWait());

        assertThat(properties.resilience()).isEqualTo(EXPECTED);
    }

    @Test
    void eachAdapterKeepsItsDefaults() {
        var llamaCpp = TestProperties.bind(
                LlamaCppReasoningProperties.CONFIG_PREFIX, LlamaCppReasoningProperties.class, Map.of());
        var anthropic = TestProperties.bind(
                AnthropicReasoningProperties.CONFIG_PREFIX, AnthropicReasoningProperties.class, Map.of());

        assertThat(llamaCpp.resilience())
                .isEqualTo(new ResilienceProperties(
                        new ResilienceProperties.Retry(
                                3, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(8)),
                        new ResilienceProperties.CircuitBreaker(50f, 10, 5, Duration.ofSeconds(30), 2),
                        new ResilienceProperties.Bulkhead(0, Duration.ofSeconds(120))));
        assertThat(anthropic.resilience())
                .isEqualTo(new ResilienceProperties(
                        new ResilienceProperties.Retry(
                                3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(30)),
                        new ResilienceProperties.CircuitBreaker(50f, 10, 5, Duration.ofSeconds(30), 2),
                        new ResilienceProperties.Bulkhead(4, Duration.ofSeconds(60))));
    }

    @Test
    void oneNestedValueKeepsTheOtherDefaultsOfItsGroup() {
        var llamaCpp = TestProperties.bind(
                LlamaCppReasoningProperties.CONFIG_PREFIX,
                LlamaCppReasoningProperties.class,
                Map.of("retry.max-backoff", "2s"));

        assertThat(llamaCpp.retry())
                .isEqualTo(new ResilienceProperties.Retry(
                        3, Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(2)));
    }

    @Test
    void anOutOfRangeValueNamesTheFullProperty() {
        assertThatThrownBy(() -> TestProperties.bind(
                        LlamaCppReasoningProperties.CONFIG_PREFIX,
                        LlamaCppReasoningProperties.class,
                        Map.of("retry.max-attempts", "0")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("athena.reasoning.llamacpp.retry.max-attempts must be at least 1, was 0");
        assertThatThrownBy(() -> TestProperties.bind(
                        AnthropicReasoningProperties.CONFIG_PREFIX,
                        AnthropicReasoningProperties.class,
                        Map.of("bulkhead.max-concurrent-calls", "0")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("athena.reasoning.anthropic.bulkhead.max-concurrent-calls must be positive, was 0");
    }
}
