package dev.athena.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ResiliencePropertiesTests {

    static final ResilienceProperties DEFAULTS = new ResilienceProperties(
            new ResilienceProperties.Retry(3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(30)),
            new ResilienceProperties.CircuitBreaker(50f, 10, 5, Duration.ofSeconds(30), 1),
            new ResilienceProperties.Bulkhead(4, Duration.ofSeconds(10)));

    @Test
    void unsetGroupsAndValuesComeFromTheAdaptersDefaults() {
        ResilienceProperties bound = new ResilienceProperties(
                new ResilienceProperties.Retry(5, null, null, null),
                null,
                new ResilienceProperties.Bulkhead(null, Duration.ofSeconds(1)));

        assertThat(bound.orElse(DEFAULTS))
                .isEqualTo(new ResilienceProperties(
                        new ResilienceProperties.Retry(
                                5,
                                DEFAULTS.retry().initialBackoff(),
                                DEFAULTS.retry().maxBackoff(),
                                DEFAULTS.retry().maxRetryAfter()),
                        DEFAULTS.circuitBreaker(),
                        new ResilienceProperties.Bulkhead(4, Duration.ofSeconds(1))));
    }

    @Test
    void theBackoffDoublesPerRetryUpToItsCap() {
        ResilienceProperties.Retry retry = DEFAULTS.retry();

        assertThat(retry.backoff(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(retry.backoff(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(retry.backoff(4)).isEqualTo(Duration.ofMillis(1600));
        assertThat(retry.backoff(5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(retry.backoff(100)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anOutOfRangeValueFailsNamingTheFullProperty() {
        assertThatThrownBy(
                        () -> new ResilienceProperties(new ResilienceProperties.Retry(0, null, null, null), null, null)
                                .orElse(DEFAULTS)
                                .validate("athena.x"))
                .hasMessage("athena.x.retry.max-attempts must be at least 1, was 0");
        assertThatThrownBy(() -> new ResilienceProperties(
                                null, new ResilienceProperties.CircuitBreaker(0f, null, null, null, null), null)
                        .orElse(DEFAULTS)
                        .validate("athena.x"))
                .hasMessage("athena.x.circuit-breaker.failure-rate-threshold must be within (0, 100], was 0.0");
        assertThatThrownBy(() -> new ResilienceProperties(null, null, new ResilienceProperties.Bulkhead(-1, null))
                        .orElse(DEFAULTS)
                        .validate("athena.x"))
                .hasMessage("athena.x.bulkhead.max-concurrent-calls must not be negative, was -1");
        assertThatThrownBy(() -> new ResilienceProperties(
                                null, null, new ResilienceProperties.Bulkhead(null, Duration.ofSeconds(-1)))
                        .orElse(DEFAULTS)
                        .validate("athena.x"))
                .hasMessage("athena.x.bulkhead.max-wait must not be negative, was PT-1S");
    }

    @Test
    void zeroConcurrentCallsLeavesTheLimitToTheAdapter() {
        assertThat(new ResilienceProperties.Bulkhead(0, Duration.ZERO).limited())
                .isFalse();
        assertThat(new ResilienceProperties.Bulkhead(1, Duration.ZERO).limited())
                .isTrue();
    }
}
