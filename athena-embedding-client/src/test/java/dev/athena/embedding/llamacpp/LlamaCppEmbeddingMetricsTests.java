package dev.athena.embedding.llamacpp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.athena.embedding.llamacpp.LlamaCppWire.unit;
import static dev.athena.embedding.llamacpp.TestClients.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.athena.embedding.EmbeddingPurpose;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

class LlamaCppEmbeddingMetricsTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private TestClients clients;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void serveAModelOfTheTestWidth() {
        clients = new TestClients(server.baseUrl()).with("task-prefixes", "none");
        registry = clients.registry;
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models(WIDTH))));
    }

    @Test
    void timesEveryRequestAndCountsTheTextsPerBatch() {
        server.stubFor(post("/v1/embeddings")
                .willReturn(okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 0), unit(WIDTH, 1))))));
        LlamaCppEmbeddingClient client = clients.with("max-batch-size", "2").build();

        client.embed(List.of("a", "b"), EmbeddingPurpose.DOCUMENT).block(WAIT);
        client.embed(List.of("c", "d"), EmbeddingPurpose.DOCUMENT).block(WAIT);

        assertThat(registry.get(EmbeddingMetrics.REQUESTS)
                        .tag("route", "/v1/embeddings")
                        .tag("outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get(EmbeddingMetrics.REQUESTS)
                        .tag("route", "/v1/models")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(EmbeddingMetrics.BATCH_TEXTS).summary().count()).isEqualTo(2);
        assertThat(registry.get(EmbeddingMetrics.BATCH_TEXTS).summary().totalAmount())
                .isEqualTo(4);
    }

    @Test
    void countsFailuresByKindForEveryAttempt() {
        server.stubFor(
                post("/v1/embeddings").willReturn(aResponse().withStatus(500).withBody(LlamaCppWire.SERVER_ERROR)));
        LlamaCppEmbeddingClient client = clients.with("retry.max-attempts", "3").build();

        StepVerifier.create(client.embed("x", EmbeddingPurpose.DOCUMENT))
                .expectError()
                .verify(WAIT);

        assertThat(registry.get(EmbeddingMetrics.FAILURES)
                        .tag("kind", "server_error")
                        .counter()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get(EmbeddingMetrics.REQUESTS)
                        .tag("outcome", "failure")
                        .timer()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get(EmbeddingMetrics.RETRY_CALLS)
                        .tag("name", LlamaCppEmbeddingClient.CIRCUIT_BREAKER_NAME)
                        .tag("kind", "failed_with_retry")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void showsTheCircuitBreakerState() {
        server.stubFor(
                post("/v1/embeddings").willReturn(aResponse().withStatus(500).withBody(LlamaCppWire.SERVER_ERROR)));
        LlamaCppEmbeddingClient client = clients.with("retry.max-attempts", "1")
                .with("circuit-breaker.sliding-window-size", "2")
                .with("circuit-breaker.minimum-number-of-calls", "2")
                .build();
        assertThat(circuitState("closed")).isEqualTo(1);

        StepVerifier.create(client.embed("x", EmbeddingPurpose.DOCUMENT))
                .expectError()
                .verify(WAIT);
        StepVerifier.create(client.embed("x", EmbeddingPurpose.DOCUMENT))
                .expectError()
                .verify(WAIT);

        assertThat(circuitState("open")).isEqualTo(1);
        assertThat(circuitState("closed")).isZero();
        assertThat(registry.get(EmbeddingMetrics.FAILURES)
                        .tag("kind", "circuit_open")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void reportsTheQueryCacheHitRatio() {
        server.stubFor(post("/v1/embeddings").willReturn(okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))))));
        LlamaCppEmbeddingClient client = clients.build();
        assertThat(registry.get(EmbeddingMetrics.CACHE_HIT_RATIO).gauge().value())
                .isNaN();

        client.embed("q", EmbeddingPurpose.QUERY).block(WAIT);
        client.embed("q", EmbeddingPurpose.QUERY).block(WAIT);
        client.embed("q", EmbeddingPurpose.QUERY).block(WAIT);
        client.embed("q", EmbeddingPurpose.QUERY).block(WAIT);

        assertThat(registry.get(EmbeddingMetrics.CACHE_HIT_RATIO).gauge().value())
                .isEqualTo(0.75);
        assertThat(registry.get(EmbeddingMetrics.CACHE_REQUESTS)
                        .tag("result", "hit")
                        .counter()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get(EmbeddingMetrics.CACHE_REQUESTS)
                        .tag("result", "miss")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(EmbeddingMetrics.CACHE_SIZE).gauge().value()).isEqualTo(1);
    }

    private double circuitState(String state) {
        return registry.get(EmbeddingMetrics.CIRCUIT_BREAKER_STATE)
                .tag("name", LlamaCppEmbeddingClient.CIRCUIT_BREAKER_NAME)
                .tag("state", state)
                .gauge()
                .value();
    }
}
