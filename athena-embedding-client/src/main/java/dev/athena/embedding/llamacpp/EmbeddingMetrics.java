package dev.athena.embedding.llamacpp;

import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.BulkheadMetricNames;
import io.github.resilience4j.micrometer.tagged.CircuitBreakerMetricNames;
import io.github.resilience4j.micrometer.tagged.RetryMetricNames;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The adapter's meters, all named {@code athena.embedding.*} so that they sit together on {@code /actuator/prometheus}.
 */
final class EmbeddingMetrics {

    static final String REQUESTS = "athena.embedding.requests";
    static final String BATCH_TEXTS = "athena.embedding.batch.texts";
    static final String FAILURES = "athena.embedding.failures";
    static final String CACHE_REQUESTS = "athena.embedding.query.cache.requests";
    static final String CACHE_HIT_RATIO = "athena.embedding.query.cache.hit.ratio";
    static final String CACHE_SIZE = "athena.embedding.query.cache.size";
    static final String CIRCUIT_BREAKER_STATE = "athena.embedding.circuitbreaker.state";
    static final String RETRY_CALLS = "athena.embedding.retry.calls";

    private final MeterRegistry registry;
    private final DistributionSummary batchTexts;
    private final Counter cacheHits;
    private final Counter cacheMisses;

    EmbeddingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchTexts = DistributionSummary.builder(BATCH_TEXTS)
                .description("Texts sent in one embedding request")
                .baseUnit("texts")
                .register(registry);
        this.cacheHits = cacheCounter("hit");
        this.cacheMisses = cacheCounter("miss");
    }

    private Counter cacheCounter(String result) {
        return Counter.builder(CACHE_REQUESTS)
                .description("Query embedding cache look-ups")
                .tag("result", result)
                .register(registry);
    }

    /** Records one finished HTTP request to the server, successful or not. */
    void request(String route, long startNanos, Throwable failure) {
        Timer.builder(REQUESTS)
                .description("HTTP requests to the llama.cpp embedding server")
                .tag("route", route)
                .tag("outcome", failure == null ? "success" : "failure")
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        if (failure != null) {
            failed(failure);
        }
    }

    void batch(int texts) {
        batchTexts.record(texts);
    }

    void failed(Throwable failure) {
        String kind = failure instanceof LlamaCppEmbeddingException e ? e.kind().tag() : "unexpected";
        Counter.builder(FAILURES)
                .description("Failed embedding requests by kind")
                .tag("kind", kind)
                .register(registry)
                .increment();
    }

    void cacheLookup(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    void bindCache(QueryEmbeddingCache cache) {
        Gauge.builder(CACHE_HIT_RATIO, cache, QueryEmbeddingCache::hitRatio)
                .description("Share of query embeddings answered from the cache")
                .register(registry);
        Gauge.builder(CACHE_SIZE, cache, QueryEmbeddingCache::size)
                .description("Query embeddings in the cache")
                .register(registry);
    }

    void bindResilience(CircuitBreakerRegistry circuitBreakers, RetryRegistry retries, BulkheadRegistry bulkheads) {
        CircuitBreakerMetricNames names = CircuitBreakerMetricNames.custom()
                .callsMetricName("athena.embedding.circuitbreaker.calls")
                .notPermittedCallsMetricName("athena.embedding.circuitbreaker.not.permitted.calls")
                .stateMetricName(CIRCUIT_BREAKER_STATE)
                .bufferedCallsMetricName("athena.embedding.circuitbreaker.buffered.calls")
                .slowCallsMetricName("athena.embedding.circuitbreaker.slow.calls")
                .failureRateMetricName("athena.embedding.circuitbreaker.failure.rate")
                .slowCallRateMetricName("athena.embedding.circuitbreaker.slow.call.rate")
                .build();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(names, circuitBreakers)
                .bindTo(registry);
        TaggedRetryMetrics.ofRetryRegistry(
                        RetryMetricNames.custom().callsMetricName(RETRY_CALLS).build(), retries)
                .bindTo(registry);
        BulkheadMetricNames bulkheadNames = BulkheadMetricNames.custom()
                .availableConcurrentCallsMetricName("athena.embedding.bulkhead.available.concurrent.calls")
                .maxAllowedConcurrentCallsMetricName("athena.embedding.bulkhead.max.allowed.concurrent.calls")
                .build();
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheadNames, bulkheads).bindTo(registry);
    }
}
