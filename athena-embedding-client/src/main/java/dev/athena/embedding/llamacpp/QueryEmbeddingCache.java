package dev.athena.embedding.llamacpp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Query embeddings by query text, bounded in size and age, so that repeated recalls do not re-embed. Only queries are
 * cached: stored documents are embedded once anyway. Vectors are copied in and out so no caller can change a cached
 * one.
 */
final class QueryEmbeddingCache {

    private final Cache<String, float[]> cache;
    private final EmbeddingMetrics metrics;

    QueryEmbeddingCache(LlamaCppEmbeddingProperties.QueryCache config, Ticker ticker, EmbeddingMetrics metrics) {
        this.cache = config.maxEntries() <= 0
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(config.maxEntries())
                        .expireAfterWrite(config.ttl())
                        .ticker(ticker)
                        .recordStats()
                        .build();
        this.metrics = metrics;
        metrics.bindCache(this);
    }

    boolean isEnabled() {
        return cache != null;
    }

    /** The cached vector (a copy), or null. */
    float[] get(String query) {
        float[] vector = cache.getIfPresent(query);
        metrics.cacheLookup(vector != null);
        return vector == null ? null : vector.clone();
    }

    void put(String query, float[] vector) {
        cache.put(query, vector.clone());
    }

    void invalidateAll() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    /** Hits per look-up since start; NaN before the first look-up (Caffeine would say 1.0). */
    double hitRatio() {
        if (cache == null || cache.stats().requestCount() == 0) {
            return Double.NaN;
        }
        return cache.stats().hitRate();
    }

    long size() {
        return cache == null ? 0 : cache.estimatedSize();
    }
}
