package dev.athena.embedding.llamacpp;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds clients the way the auto-configuration does, from properties bound by Spring's binder, with short test
 * timings: 10-20 ms backoff, 20 ms loading poll up to 300 ms, a breaker whose clock the test moves.
 */
final class TestClients {

    static final int WIDTH = 8;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final MutableClock clock = new MutableClock();
    final AtomicLong tickerNanos = new AtomicLong();
    private final Map<String, String> properties = new HashMap<>();
    private int dimension = WIDTH;

    TestClients(String baseUrl) {
        properties.put("base-url", baseUrl);
        properties.put("request-timeout", "3s");
        properties.put("status-timeout", "3s");
        properties.put("startup-check-timeout", "2s");
        properties.put("retry.initial-backoff", "10ms");
        properties.put("retry.max-backoff", "20ms");
        properties.put("loading.poll-interval", "20ms");
        properties.put("loading.max-wait", "300ms");
    }

    TestClients with(String property, String value) {
        properties.put(property, value);
        return this;
    }

    TestClients dimension(int dimension) {
        this.dimension = dimension;
        return this;
    }

    LlamaCppEmbeddingProperties properties() {
        Map<String, String> prefixed = new HashMap<>();
        properties.forEach((key, value) -> prefixed.put(LlamaCppEmbeddingProperties.CONFIG_PREFIX + "." + key, value));
        return new Binder(new MapConfigurationPropertySource(prefixed))
                .bindOrCreate(LlamaCppEmbeddingProperties.CONFIG_PREFIX, LlamaCppEmbeddingProperties.class);
    }

    LlamaCppEmbeddingClient build() {
        return build(registry, clock);
    }

    LlamaCppEmbeddingClient build(MeterRegistry meters, Clock breakerClock) {
        Ticker ticker = tickerNanos::get;
        return LlamaCppEmbeddingClient.create(
                dimension, properties(), WebClient.builder(), meters, breakerClock, ticker);
    }
}
