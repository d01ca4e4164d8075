package dev.athena.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.athena.resilience.ResilienceProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ReasoningResilienceTests {

    private final ReasoningResilience resilience = new ReasoningResilience(
            "test",
            resilience(
                    4,
                    Duration.ofMillis(500),
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(30),
                    2,
                    Duration.ofSeconds(1),
                    50,
                    Duration.ofSeconds(30)),
            new SimpleMeterRegistry());

    private static ResilienceProperties resilience(
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration maxRetryAfter,
            int maxConcurrent,
            Duration slotWait,
            float failureRate,
            Duration openDuration) {
        return new ResilienceProperties(
                        new ResilienceProperties.Retry(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter),
                        new ResilienceProperties.CircuitBreaker(failureRate, 10, 5, openDuration, 2),
                        new ResilienceProperties.Bulkhead(maxConcurrent, slotWait))
                .validate("test");
    }

    private static ReasoningUnavailableException unavailable(
            ReasoningUnavailableException.Reason reason, Duration retryAfter) {
        return new ReasoningUnavailableException(reason, "test", retryAfter, null);
    }

    @Test
    void theServersRetryAfterIsTheWait() {
        assertThat(resilience.waitMillis(
                        1, unavailable(ReasoningUnavailableException.Reason.RATE_LIMITED, Duration.ofSeconds(7))))
                .isEqualTo(7_000);
    }

    @Test
    void withoutRetryAfterTheBackoffDoublesUpToItsCap() {
        ReasoningException failure = unavailable(ReasoningUnavailableException.Reason.OVERLOADED, null);

        assertThat(resilience.waitMillis(1, failure)).isEqualTo(500);
        assertThat(resilience.waitMillis(2, failure)).isEqualTo(1_000);
        assertThat(resilience.waitMillis(3, failure)).isEqualTo(2_000);
        assertThat(resilience.waitMillis(4, failure)).isEqualTo(3_000);
    }

    @Test
    void onlyTransientFailuresThatMayPassNextTimeAreRetried() {
        assertThat(resilience.retryable(unavailable(ReasoningUnavailableException.Reason.LOADING, null)))
                .isTrue();
        assertThat(resilience.retryable(unavailable(ReasoningUnavailableException.Reason.UNREACHABLE, null)))
                .isTrue();
        assertThat(resilience.retryable(
                        unavailable(ReasoningUnavailableException.Reason.RATE_LIMITED, Duration.ofSeconds(30))))
                .isTrue();

        assertThat(resilience.retryable(
                        unavailable(ReasoningUnavailableException.Reason.RATE_LIMITED, Duration.ofSeconds(31))))
                .isFalse();
        assertThat(resilience.retryable(unavailable(ReasoningUnavailableException.Reason.TIMEOUT, null)))
                .isFalse();
        assertThat(resilience.retryable(unavailable(ReasoningUnavailableException.Reason.NOT_CONFIGURED, null)))
                .isFalse();
        assertThat(resilience.retryable(new ContextLengthExceededException("too long", 9000, 8192)))
                .isFalse();
        assertThat(resilience.retryable(new ReasoningRequestException("bad request", 400)))
                .isFalse();
        assertThat(resilience.retryable(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void theBulkheadFollowsTheServerOnlyWhenNoLimitIsConfigured() {
        resilience.matchServerSlots(8);
        assertThat(resilience.maxConcurrentCalls()).isEqualTo(2);

        ReasoningResilience automatic = new ReasoningResilience(
                "auto",
                resilience(
                        1,
                        Duration.ofMillis(1),
                        Duration.ofMillis(1),
                        Duration.ofMillis(1),
                        0,
                        Duration.ofSeconds(1),
                        50,
                        Duration.ofSeconds(1)),
                new SimpleMeterRegistry());
        assertThat(automatic.maxConcurrentCalls()).isEqualTo(1);
        automatic.matchServerSlots(4);
        assertThat(automatic.maxConcurrentCalls()).isEqualTo(4);
    }
}
