package dev.athena.embedding.llamacpp;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import reactor.core.publisher.Mono;

/**
 * The resilience4j operators around every call to the server, applied inside out: the call (with its own timeout),
 * the circuit breaker, the retry of transient failures with exponential backoff, and the bounded wait for a server
 * that is still loading its model. Only server faults count against the breaker; an open breaker answers at once
 * and is not retried.
 */
final class EmbeddingResilience {

    static final String LOADING_RETRY_NAME = LlamaCppEmbeddingClient.CIRCUIT_BREAKER_NAME + "-loading";
    private static final double BACKOFF_MULTIPLIER = 2.0;

    private final CircuitBreaker circuitBreaker;
    private final Retry transientRetry;
    private final Retry loadingRetry;
    private final EmbeddingMetrics metrics;

    EmbeddingResilience(LlamaCppEmbeddingProperties properties, Clock clock, EmbeddingMetrics metrics) {
        LlamaCppEmbeddingProperties.CircuitBreaker breaker = properties.circuitBreaker();
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                .waitDurationInOpenState(breaker.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpenState())
                .recordException(EmbeddingResilience::isServerFault)
                .clock(clock)
                .build();
        CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.of(breakerConfig);
        this.circuitBreaker = circuitBreakers.circuitBreaker(LlamaCppEmbeddingClient.CIRCUIT_BREAKER_NAME);

        LlamaCppEmbeddingProperties.Retry retry = properties.retry();
        RetryRegistry retries = RetryRegistry.ofDefaults();
        this.transientRetry = retries.retry(LlamaCppEmbeddingClient.CIRCUIT_BREAKER_NAME, RetryConfig.custom()
                .maxAttempts(retry.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(
                        retry.initialBackoff(), BACKOFF_MULTIPLIER, retry.maxBackoff()))
                .retryOnException(EmbeddingResilience::isRetriable)
                .build());
        LlamaCppEmbeddingProperties.Loading loading = properties.loading();
        this.loadingRetry = retries.retry(LOADING_RETRY_NAME, RetryConfig.custom()
                .maxAttempts(loading.maxAttempts())
                .waitDuration(loading.pollInterval())
                .retryOnException(error -> LlamaCppEmbeddingException.is(error, FailureKind.LOADING))
                .build());
        this.metrics = metrics;
        metrics.bindResilience(circuitBreakers, retries);
    }

    <T> Mono<T> protect(Mono<T> call) {
        return call
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .transformDeferred(RetryOperator.of(transientRetry))
                .transformDeferred(RetryOperator.of(loadingRetry))
                .onErrorMap(CallNotPermittedException.class, this::circuitOpen);
    }

    CircuitBreaker.State circuitState() {
        return circuitBreaker.getState();
    }

    private LlamaCppEmbeddingException circuitOpen(CallNotPermittedException e) {
        LlamaCppEmbeddingException failure = new LlamaCppEmbeddingException(FailureKind.CIRCUIT_OPEN,
                "the circuit breaker '" + LlamaCppEmbeddingClient.CIRCUIT_BREAKER_NAME + "' is open after repeated "
                        + "failures of the llama.cpp embedding server; it lets a trial call through later", e);
        metrics.failed(failure);
        return failure;
    }

    private static boolean isServerFault(Throwable error) {
        return error instanceof LlamaCppEmbeddingException e && e.kind().isServerFault();
    }

    private static boolean isRetriable(Throwable error) {
        return error instanceof LlamaCppEmbeddingException e && e.kind().isRetriable();
    }
}
