package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.athena.memory.testing.TestDatabase;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The database goes away under a running gateway (a proxy in front of it is cut): health says "down" with a 503,
 * readiness fails while liveness holds, and tool calls get a 503 problem with Retry-After, over REST and MCP.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.hikari.connection-timeout=500",
            "spring.datasource.hikari.validation-timeout=250",
            "athena.gateway.retry-after=7s"
        })
class DatabaseOutageIntegrationTests {

    private static final URI DATABASE = URI.create(System.getenv()
            .getOrDefault("ATHENA_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/athena_test")
            .substring("jdbc:".length()));
    private static final TcpProxy proxy = new TcpProxy(DATABASE.getHost(), DATABASE.getPort());

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void databaseBehindAProxy(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + proxy.port() + DATABASE.getPath());
    }

    @BeforeEach
    void databaseGoesAway() {
        proxy.cut();
    }

    @AfterEach
    void databaseComesBack() {
        proxy.restore();
    }

    @AfterAll
    static void closeProxy() {
        proxy.close();
    }

    @Test
    void healthIsDownWithA503AndReadinessFailsButLivenessHolds() {
        GatewayClient client = new GatewayClient(port);

        var health = client.get("/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body().get("status").asString()).isEqualTo("down");
        assertThat(health.body()
                        .get("dependencies")
                        .get("database")
                        .get("status")
                        .asString())
                .isEqualTo("down");
        assertThat(health.body()
                        .get("dependencies")
                        .get("database")
                        .get("latency_ms")
                        .asLong())
                .isNotNegative();
        assertThat(client.get("/actuator/health/readiness").status()).isEqualTo(503);
        assertThat(client.get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void aToolCallIsA503ProblemWithRetryAfterAndNoStackTrace() {
        var response = new GatewayClient(port)
                .postJson("/tools/remember/execute", "{\"content\":\"written during an outage\"}");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("Retry-After")).isEqualTo("7");
        assertThat(response.body().get("retry_after_seconds").asInt()).isEqualTo(7);
        assertThat(response.raw())
                .doesNotContain("Exception")
                .doesNotContain("at org.")
                .doesNotContain("jdbc:");
    }

    @Test
    void anMcpToolCallIsAnErrorResultWithTheSameProblem() {
        McpSyncClient mcp = McpTestClient.connect(port, Map.of());
        try {
            var result = McpTestClient.call(mcp, "recall", "{\"query\":\"anything\"}");

            assertThat(result.isError()).isTrue();
            assertThat(McpTestClient.text(result).get("status").asInt()).isEqualTo(503);
        } finally {
            mcp.closeGracefully();
        }
    }

    @Test
    void recoversWhenTheDatabaseComesBack() {
        proxy.restore();

        // The pool drops its dead connections and opens new ones on the next borrows.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var health = new GatewayClient(port).get("/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body().get("status").asString()).isEqualTo("ok");
        });
    }
}
