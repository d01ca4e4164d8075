package dev.athena.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.athena.gateway.GatewayClient;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway running against llama.cpp embedding and reasoning servers (WireMock stand-ins that a test can stop, slow
 * down or break), with short timeouts so that each fault shows within a second. Every subclass shares this one
 * application context; each test starts with both servers answering and the embedder's circuit breaker closed.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "athena.embedding.provider=llamacpp",
            "athena.embedding.dimension=" + LlamaCppEmbeddingServer.WIDTH,
            "athena.embedding.llamacpp.request-timeout=2s",
            "athena.embedding.llamacpp.status-timeout=500ms",
            "athena.embedding.llamacpp.startup-check-timeout=2s",
            "athena.embedding.llamacpp.retry.max-attempts=2",
            "athena.embedding.llamacpp.retry.initial-backoff=20ms",
            "athena.embedding.llamacpp.retry.max-backoff=50ms",
            "athena.embedding.llamacpp.loading.max-wait=100ms",
            "athena.embedding.llamacpp.loading.poll-interval=20ms",
            "athena.embedding.llamacpp.circuit-breaker.wait-in-open-state=300ms",
            "athena.memory.embed-timeout=" + LlamaCppServersIntegrationTest.EMBED_TIMEOUT_MS + "ms",
            "athena.memory.backfill-interval=250ms",
            "athena.reasoning.provider=llamacpp",
            "athena.reasoning.llamacpp.retry.max-attempts=1",
            "athena.reasoning.llamacpp.generation-timeout=1500ms",
            "athena.reasoning.llamacpp.health-timeout=500ms",
            "athena.reasoning.llamacpp.circuit-breaker.wait-in-open-state=1s",
            "athena.consolidation.model-timeout=3s"
        })
abstract class LlamaCppServersIntegrationTest extends DatabaseIntegrationTest {

    /** How long remember and recall wait for the embedder ({@code athena.memory.embed-timeout}). */
    static final long EMBED_TIMEOUT_MS = 1_000;

    /** Shared by every subclass (one application context); stopped with the test JVM. */
    static final LlamaCppEmbeddingServer embeddingServer = new LlamaCppEmbeddingServer();

    static final LlamaCppReasoningServer reasoningServer = new LlamaCppReasoningServer();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            embeddingServer.close();
            reasoningServer.close();
        }));
    }

    @LocalServerPort
    int port;

    GatewayClient client;

    @DynamicPropertySource
    static void llamaCppServers(DynamicPropertyRegistry registry) {
        registry.add("athena.embedding.llamacpp.base-url", embeddingServer::baseUrl);
        registry.add("athena.reasoning.llamacpp.base-url", reasoningServer::baseUrl);
    }

    @BeforeEach
    void serversAnswer() {
        client = new GatewayClient(port);
        embeddingServer.answer();
        reasoningServer.answer("{\"patterns\":[]}");
        // A breaker left open by an earlier test lets a trial call through after its short open state.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(client.get("/health")
                                .body()
                                .get("dependencies")
                                .get("embedding")
                                .get("status")
                                .asString())
                        .isEqualTo("up"));
    }
}
