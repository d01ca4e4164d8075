package dev.athena.reasoning;

import java.time.Duration;
import java.util.Optional;

import dev.athena.resilience.ResilienceOperators;
import dev.athena.resilience.ResilienceProperties;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The shared {@link ResilienceOperators} (call, bulkhead, circuit breaker, retry, innermost first) of one reasoning
 * adapter: which failures are the server's and worth a retry, the server's {@code retry-after} as the wait, and the
 * translation of an open breaker or a full bulkhead into {@link ReasoningUnavailableException}. Their state is
 * published under the usual {@code resilience4j.*} meters, tagged with the instance name.
 */
final class ReasoningResilience {

    /** Until the server tells its slots, a llama.cpp adapter without a configured limit sends one request at once. */
    private static final int PROVISIONAL_SLOTS = 1;

    private final String name;
    private final ResilienceProperties properties;
    private final ResilienceOperators operators;

    ReasoningResilience(String name, ResilienceProperties properties, MeterRegistry meters) {
        this.name = name;
        this.properties = properties;
        this.operators = ResilienceOperators.builder(name, properties)
                // Only a sick server opens the circuit; a rejected request says nothing about its health.
                .countsAgainstServer(e -> e instanceof ReasoningException failure && failure.isTransient())
                .retries(this::retryable)
                .retryAfter(e -> e instanceof ReasoningException failure ? failure.retryAfter() : Optional.empty())
                .provisionalConcurrentCalls(PROVISIONAL_SLOTS)
                .build();
        TaggedRetryMetrics.ofRetryRegistry(operators.retries()).bindTo(meters);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(operators.circuitBreakers())
                .bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(operators.bulkheads()).bindTo(meters);
    }

    /** A single request: one place for its whole duration, retried as a whole. */
    <T> Mono<T> call(Mono<T> request) {
        return operators.call(request).onErrorMap(this::translate);
    }

    /**
     * A streamed request: opening it (status line and headers) is retried; once text flows a failure ends the stream,
     * since a retry would repeat text the caller already has.
     */
    <T> Flux<T> stream(Mono<Flux<T>> open) {
        return operators.stream(open).onErrorMap(this::translate);
    }

    /** Follows the server's slot count when none is configured. */
    void matchServerSlots(int slots) {
        operators.followServerConcurrency(slots);
    }

    int maxConcurrentCalls() {
        return operators.maxConcurrentCalls();
    }

    CircuitBreaker.State circuitState() {
        return operators.circuitState();
    }

    boolean retryable(Throwable failure) {
        if (!(failure instanceof ReasoningException reasoning) || !reasoning.isTransient()) {
            return false;
        }
        if (reasoning instanceof ReasoningUnavailableException unavailable) {
            switch (unavailable.reason()) {
                // A generation that timed out on a busy CPU would most likely time out again, doubling the wait.
                case TIMEOUT, CIRCUIT_OPEN, BUSY, NOT_CONFIGURED -> {
                    return false;
                }
                default -> {}
            }
        }
        Duration maxRetryAfter = properties.retry().maxRetryAfter();
        return reasoning
                .retryAfter()
                .map(wait -> wait.compareTo(maxRetryAfter) <= 0)
                .orElse(true);
    }

    long waitMillis(int attempt, Throwable failure) {
        return operators.waitBeforeRetry(attempt, failure).toMillis();
    }

    private Throwable translate(Throwable failure) {
        Duration openDuration = properties.circuitBreaker().waitInOpenState();
        if (failure instanceof CallNotPermittedException) {
            return new ReasoningUnavailableException(
                    ReasoningUnavailableException.Reason.CIRCUIT_OPEN,
                    name + ": recent calls failed, so the circuit breaker stops calls for up to "
                            + openDuration.toSeconds() + "s",
                    openDuration,
                    failure);
        }
        if (failure instanceof BulkheadFullException) {
            return new ReasoningUnavailableException(
                    ReasoningUnavailableException.Reason.BUSY,
                    name + ": all " + maxConcurrentCalls() + " slots stayed busy for "
                            + properties.bulkhead().maxWait().toSeconds() + "s",
                    null,
                    failure);
        }
        return failure;
    }
}
