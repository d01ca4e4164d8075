package dev.athena.embedding.llamacpp;

import java.time.Clock;

import dev.athena.resilience.ResilienceOperators;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import reactor.core.publisher.Mono;

/**
 * The resilience around every call to the server: the shared {@link ResilienceOperators} (the call with its own
 * timeout, the bulkhead when one is configured, the circuit breaker, the retry of transient failures with exponential
 * backoff), and outside them the bounded wait for a server that is still loading its model. Only server faults count
 * against the breaker; an open breaker or a full bulkhead answers at once and is not retried.
 */
final class EmbeddingResilience {

    static final String LOADING_RETRY_NAME = LlamaCppEmbeddingClient.CIRCUIT_BREAKER_NAME + "-loading";

    private final ResilienceOperators operators;
    private final Retry loadingRetry;
    private final EmbeddingMetrics metrics;

    EmbeddingResilience(LlamaCppEmbeddingProperties properties, Clock clock, EmbeddingMetrics metrics) {
        this.operators = ResilienceOperators.builder(
                        LlamaCppEmbeddingClient.CIRCUIT_BREAKER_NAME, properties.resilience())
                .countsAgainstServer(EmbeddingResilience::isServerFault)
                .retries(EmbeddingResilience::isRetriable)
                .clock(clock)
                .build();
        LlamaCppEmbeddingProperties.Loading loading = properties.loading();
        this.loadingRetry = operators
                .retries()
                .retry(
                        LOADING_RETRY_NAME,
                        RetryConfig.custom()
                                .maxAttempts(loading.maxAttempts())
                                .waitDuration(loading.pollInterval())
                                .retryOnException(error -> LlamaCppEmbeddingException.is(error, FailureKind.LOADING))
                                .build());
        this.metrics = metrics;
        metrics.bindResilience(operators.circuitBreakers(), operators.retries(), operators.bulkheads());
    }

    <T> Mono<T> protect(Mono<T> call) {
        return operators
                .call(call)
                .transformDeferred(RetryOperator.of(loadingRetry))
                .onErrorMap(CallNotPermittedException.class, this::circuitOpen)
                .onErrorMap(BulkheadFullException.class, this::busy);
    }

    CircuitBreaker.State circuitState() {
        return operators.circuitState();
    }

    private LlamaCppEmbeddingException circuitOpen(CallNotPermittedException e) {
        LlamaCppEmbeddingException failure = new LlamaCppEmbeddingException(
                FailureKind.CIRCUIT_OPEN,
                "the circuit breaker '" + LlamaCppEmbeddingClient.CIRCUIT_BREAKER_NAME + "' is open after repeated "
                        + "failures of the llama.cpp embedding server; it lets a trial call through later",
                e);
        metrics.failed(failure);
        return failure;
    }

    private LlamaCppEmbeddingException busy(BulkheadFullException e) {
        LlamaCppEmbeddingException failure = new LlamaCppEmbeddingException(
                FailureKind.BUSY,
                "all " + operators.maxConcurrentCalls() + " places of the bulkhead '"
                        + LlamaCppEmbeddingClient.CIRCUIT_BREAKER_NAME + "' stayed taken for "
                        + operators.properties().bulkhead().maxWait().toMillis() + "ms",
                e);
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
