package dev.athena.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The resilience4j operators of one remote adapter, configured from its {@link ResilienceProperties} and applied in one
 * deliberate order, innermost first: the call (with its own timeout), the bulkhead, the circuit breaker, the retry. So:
 *
 * <ul>
 *   <li>an open breaker answers at once, before a call waits for a place in the bulkhead;
 *   <li>every attempt is one call for the breaker, so a failing server opens it within one retried request;
 *   <li>each attempt takes its own place in the bulkhead and gives it back before the backoff wait;
 *   <li>a full bulkhead says nothing about the server's health: it is neither counted by the breaker nor retried.
 * </ul>
 *
 * The adapter says which failures count against the server and which are worth retrying; it translates
 * {@link io.github.resilience4j.circuitbreaker.CallNotPermittedException} and {@link BulkheadFullException} into its
 * own failures.
 */
public final class ResilienceOperators {

    // The semaphore bulkhead blocks while a call waits for a place: never on an event-loop thread.
    private static final Scheduler PLACE_WAITERS = Schedulers.boundedElastic();

    private final ResilienceProperties properties;
    private final Function<Throwable, Optional<Duration>> retryAfter;
    private final CircuitBreakerRegistry circuitBreakers;
    private final RetryRegistry retries;
    private final BulkheadRegistry bulkheads;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private final @Nullable Bulkhead bulkhead;

    private ResilienceOperators(Builder builder) {
        this.properties = builder.properties;
        this.retryAfter = builder.retryAfter;
        ResilienceProperties.CircuitBreaker breaker = properties.circuitBreaker();
        this.circuitBreakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                .failureRateThreshold(breaker.failureRateThreshold())
                .waitDurationInOpenState(breaker.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpenState())
                .recordException(builder.serverFault::test)
                .ignoreExceptions(BulkheadFullException.class)
                .clock(builder.clock)
                .build());
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(properties.retry().attempts())
                .retryOnException(builder.retryable::test)
                .intervalBiFunction(
                        (attempt, outcome) -> waitBeforeRetry(attempt, outcome.isLeft() ? outcome.getLeft() : null)
                                .toMillis())
                .failAfterMaxAttempts(false)
                .build());
        this.bulkheads = BulkheadRegistry.of(bulkheadConfig(1));
        this.circuitBreaker = circuitBreakers.circuitBreaker(builder.name);
        this.retry = retries.retry(builder.name);
        int configured = properties.bulkhead().maxConcurrentCalls();
        int limit = configured > 0 ? configured : builder.provisionalConcurrentCalls;
        this.bulkhead = limit > 0 ? bulkheads.bulkhead(builder.name, bulkheadConfig(limit)) : null;
    }

    /**
     * @param name the instance name of the breaker, the retry and the bulkhead (their meters' {@code name} tag)
     * @param properties the validated resilience properties of the adapter
     */
    public static Builder builder(String name, ResilienceProperties properties) {
        return new Builder(name, properties);
    }

    /** One request: retried as a whole, each attempt judged by the breaker and holding a place while it runs. */
    public <T> Mono<T> call(Mono<T> request) {
        return limited(request)
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .transformDeferred(RetryOperator.of(retry));
    }

    /**
     * A streamed request: opening it (status line and headers) is retried; once items flow a failure ends the stream,
     * since a retry would repeat items the caller already has. The whole stream holds one place and is one call for the
     * breaker.
     */
    public <T> Flux<T> stream(Mono<Flux<T>> open) {
        Flux<T> items = open.transformDeferred(RetryOperator.of(retry)).flatMapMany(body -> body);
        if (bulkhead != null) {
            items = items.transformDeferred(BulkheadOperator.of(bulkhead)).subscribeOn(PLACE_WAITERS);
        }
        return items.transformDeferred(CircuitBreakerOperator.of(circuitBreaker));
    }

    /**
     * Follows the server's own concurrency (e.g. llama.cpp's {@code total_slots}) when no limit is configured
     * ({@code bulkhead.max-concurrent-calls} is 0) and the adapter asked for a provisional one.
     */
    public void followServerConcurrency(int serverSlots) {
        if (bulkhead != null
                && !properties.bulkhead().limited()
                && serverSlots > 0
                && maxConcurrentCalls() != serverSlots) {
            bulkhead.changeConfig(bulkheadConfig(serverSlots));
        }
    }

    /** The bulkhead's current limit; 0 when the adapter runs without one. */
    public int maxConcurrentCalls() {
        return bulkhead == null ? 0 : bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
    }

    /** The wait before the next attempt: the server's {@code retry-after} when it names one, else the backoff. */
    public Duration waitBeforeRetry(int attempt, @Nullable Throwable failure) {
        return Optional.ofNullable(failure)
                .flatMap(retryAfter)
                .orElseGet(() -> properties.retry().backoff(attempt));
    }

    public CircuitBreaker.State circuitState() {
        return circuitBreaker.getState();
    }

    public ResilienceProperties properties() {
        return properties;
    }

    /** For binding the breaker's meters. */
    public CircuitBreakerRegistry circuitBreakers() {
        return circuitBreakers;
    }

    /** For binding the retries' meters; an adapter may add a retry of its own here (e.g. waiting for a model). */
    public RetryRegistry retries() {
        return retries;
    }

    /** For binding the bulkhead's meters; empty when the adapter runs without one. */
    public BulkheadRegistry bulkheads() {
        return bulkheads;
    }

    private <T> Mono<T> limited(Mono<T> request) {
        if (bulkhead == null) {
            return request;
        }
        return request.transformDeferred(BulkheadOperator.of(bulkhead)).subscribeOn(PLACE_WAITERS);
    }

    private BulkheadConfig bulkheadConfig(int maxConcurrentCalls) {
        return BulkheadConfig.custom()
                .maxConcurrentCalls(maxConcurrentCalls)
                .maxWaitDuration(properties.bulkhead().maxWait())
                .build();
    }

    /** What differs between adapters: which failures count, which are retried, and the clock of the breaker. */
    public static final class Builder {

        private final String name;
        private final ResilienceProperties properties;
        private Predicate<Throwable> serverFault = failure -> true;
        private Predicate<Throwable> retryable = failure -> false;
        private Function<Throwable, Optional<Duration>> retryAfter = failure -> Optional.empty();
        private Clock clock = Clock.systemUTC();
        private int provisionalConcurrentCalls;

        private Builder(String name, ResilienceProperties properties) {
            this.name = name;
            this.properties = properties;
        }

        /** The failures that are signs of a sick server and count against the breaker; by default all. */
        public Builder countsAgainstServer(Predicate<Throwable> serverFault) {
            this.serverFault = serverFault;
            return this;
        }

        /** The failures worth another attempt; by default none. */
        public Builder retries(Predicate<Throwable> retryable) {
            this.retryable = retryable;
            return this;
        }

        /** The wait a failure names itself (an HTTP {@code retry-after}), used instead of the backoff. */
        public Builder retryAfter(Function<Throwable, Optional<Duration>> retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        /** The clock of the breaker's open state, for tests. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * The limit to start with when {@code bulkhead.max-concurrent-calls} is 0, until
         * {@link #followServerConcurrency} sets the server's; without it, 0 means no bulkhead.
         */
        public Builder provisionalConcurrentCalls(int provisionalConcurrentCalls) {
            this.provisionalConcurrentCalls = provisionalConcurrentCalls;
            return this;
        }

        public ResilienceOperators build() {
            return new ResilienceOperators(this);
        }
    }
}
