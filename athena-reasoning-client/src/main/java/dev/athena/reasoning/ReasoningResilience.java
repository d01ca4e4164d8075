package dev.athena.reasoning;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The resilience4j operators of one adapter, applied in one deliberate order (innermost first):
 * the call with its timeout, the bulkhead (a slot of the server), the circuit breaker, the retry of transient failures.
 * Their state is published under the usual {@code resilience4j.*} meters, tagged with the instance name.
 */
final class ReasoningResilience {

    private final String name;
    private final ResilienceSettings settings;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final Bulkhead bulkhead;
    // The semaphore bulkhead blocks while it waits for a slot: never on an event-loop thread.
    private final Scheduler slotWaiters = Schedulers.boundedElastic();

    ReasoningResilience(String name, ResilienceSettings settings, MeterRegistry meters) {
        this.name = name;
        this.settings = settings;
        RetryRegistry retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(this::retryable)
                .intervalBiFunction((attempt, outcome) -> waitMillis(attempt, outcome.isLeft() ? outcome.getLeft() : null))
                .failAfterMaxAttempts(false)
                .build());
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.openDuration())
                .permittedNumberOfCallsInHalfOpenState(2)
                // Only a sick server opens the circuit; a rejected request says nothing about its health.
                .recordException(e -> e instanceof ReasoningException failure && failure.isTransient())
                .ignoreExceptions(BulkheadFullException.class)
                .build());
        BulkheadRegistry bulkheads = BulkheadRegistry.of(bulkheadConfig(settings.maxConcurrent() == 0 ? 1 : settings.maxConcurrent()));
        this.retry = retries.retry(name);
        this.circuitBreaker = breakers.circuitBreaker(name);
        this.bulkhead = bulkheads.bulkhead(name);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
    }

    /** A single request: one permit for its whole duration, retried as a whole. */
    <T> Mono<T> call(Mono<T> request) {
        return request
                .transformDeferred(BulkheadOperator.of(bulkhead))
                .subscribeOn(slotWaiters)
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .transformDeferred(RetryOperator.of(retry))
                .onErrorMap(this::translate);
    }

    /**
     * A streamed request: opening it (status line and headers) is retried; once text flows a failure ends the
     * stream, since a retry would repeat text the caller already has.
     */
    <T> Flux<T> stream(Mono<Flux<T>> open) {
        return open.transformDeferred(RetryOperator.of(retry))
                .flatMapMany(body -> body)
                .transformDeferred(BulkheadOperator.of(bulkhead))
                .subscribeOn(slotWaiters)
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .onErrorMap(this::translate);
    }

    /** Follows the server's slot count when none is configured. */
    void matchServerSlots(int slots) {
        if (settings.maxConcurrent() == 0 && slots > 0 && bulkhead.getBulkheadConfig().getMaxConcurrentCalls() != slots) {
            bulkhead.changeConfig(bulkheadConfig(slots));
        }
    }

    int maxConcurrentCalls() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
    }

    CircuitBreaker.State circuitState() {
        return circuitBreaker.getState();
    }

    private BulkheadConfig bulkheadConfig(int maxConcurrent) {
        return BulkheadConfig.custom().maxConcurrentCalls(maxConcurrent).maxWaitDuration(settings.slotWait()).build();
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
                default -> {
                }
            }
        }
        return reasoning.retryAfter().map(wait -> wait.compareTo(settings.maxRetryAfter()) <= 0).orElse(true);
    }

    long waitMillis(int attempt, Throwable failure) {
        if (failure instanceof ReasoningException reasoning && reasoning.retryAfter().isPresent()) {
            return reasoning.retryAfter().get().toMillis();
        }
        return backoffMillis(attempt);
    }

    private long backoffMillis(int attempt) {
        long initial = settings.initialBackoff().toMillis();
        long exponential = initial << Math.min(Math.max(attempt - 1, 0), 20);
        return Math.min(exponential, settings.maxBackoff().toMillis());
    }

    private Throwable translate(Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            return new ReasoningUnavailableException(ReasoningUnavailableException.Reason.CIRCUIT_OPEN,
                    name + ": recent calls failed, so the circuit breaker stops calls for up to "
                            + settings.openDuration().toSeconds() + "s", settings.openDuration(), failure);
        }
        if (failure instanceof BulkheadFullException) {
            return new ReasoningUnavailableException(ReasoningUnavailableException.Reason.BUSY,
                    name + ": all " + maxConcurrentCalls() + " slots stayed busy for " + settings.slotWait().toSeconds() + "s",
                    null, failure);
        }
        return failure;
    }
}
