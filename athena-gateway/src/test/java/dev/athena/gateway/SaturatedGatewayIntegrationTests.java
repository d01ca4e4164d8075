package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * More tool calls than the gateway has threads, each waiting for a database connection: the calls beyond
 * {@code athena.gateway.max-concurrent-requests} are turned away at once, so a thread is left for /health. A small
 * gateway (12 threads, 8 concurrent requests, 2 connections) makes saturation cheap.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.tomcat.threads.max=12",
            "athena.gateway.max-concurrent-requests=8",
            "spring.datasource.hikari.maximum-pool-size=2",
            "spring.datasource.hikari.connection-timeout=3000"
        })
class SaturatedGatewayIntegrationTests extends DatabaseIntegrationTest {

    private static final int TOOL_CALLS = 24;

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void healthAnswersWithinASecondWhileMoreToolCallsThanThreadsWaitForTheDatabase() throws Exception {
        // An orchestrator has probed before: the first probe opens the health connection and warms the classes.
        assertThat(new GatewayClient(port).get("/health").status()).isEqualTo(200);
        List<Connection> held = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(TOOL_CALLS);
        try {
            held.add(dataSource.getConnection());
            held.add(dataSource.getConnection());
            List<CompletableFuture<GatewayClient.Response>> calls = new ArrayList<>();
            for (int i = 0; i < TOOL_CALLS; i++) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> new GatewayClient(port).postJson("/tools/list_memories/execute", "{}"), callers));
            }
            Thread.sleep(500); // every thread the limit allows is waiting for a connection

            long start = System.nanoTime();
            var health = new GatewayClient(port).get("/health");
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body().get("status").asString()).isEqualTo("ok");
            assertThat(elapsed).isLessThan(Duration.ofSeconds(1));
            for (Connection connection : held) {
                connection.close();
            }
            held.clear();
            List<GatewayClient.Response> answers =
                    calls.stream().map(CompletableFuture::join).toList();
            assertThat(answers)
                    .filteredOn(answer -> answer.status() == 503
                            && answer.body().get("type").asString().endsWith("/busy"))
                    .as("calls beyond the limit are turned away at once")
                    .isNotEmpty()
                    .allSatisfy(busy -> assertThat(busy.header("Retry-After")).isEqualTo("1"));
            assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isIn(200, 503));
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
            callers.shutdown();
        }
    }
}
