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

import com.zaxxer.hikari.HikariDataSource;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Health while tool calls hold every pooled connection and more wait for one: the database is fine, and /health must
 * say so at once instead of queueing for a connection and reporting "down".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HealthUnderLoadIntegrationTests extends DatabaseIntegrationTest {

    private static final int WAITING_TOOL_CALLS = 24;

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void healthAnswersOkWithinASecondWhileToolCallsSaturateTheConnectionPool() throws Exception {
        int poolSize = dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();
        // An orchestrator has probed before: the first probe opens the health connection and warms the classes.
        assertThat(new GatewayClient(port).get("/health").status()).isEqualTo(200);
        List<Connection> held = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(WAITING_TOOL_CALLS);
        try {
            for (int i = 0; i < poolSize; i++) {
                held.add(dataSource.getConnection());
            }
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < WAITING_TOOL_CALLS; i++) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> new GatewayClient(port)
                                .postJson("/tools/list_memories/execute", "{}")
                                .status(),
                        callers));
            }
            Thread.sleep(300); // the calls are in, each waiting for a connection

            long start = System.nanoTime();
            var health = new GatewayClient(port).get("/health");
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(health.status()).as(health.raw()).isEqualTo(200);
            assertThat(health.body().get("status").asString()).isEqualTo("ok");
            assertThat(health.body()
                            .get("dependencies")
                            .get("database")
                            .get("status")
                            .asString())
                    .isEqualTo("up");
            assertThat(elapsed).isLessThan(Duration.ofSeconds(1));
            assertThat(calls).as("the tool calls were still waiting").anyMatch(call -> !call.isDone());
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
            callers.shutdown();
        }
    }

    @Test
    void manyConcurrentHealthChecksShareProbesAndAllAnswer() throws Exception {
        ExecutorService checkers = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<Integer>> checks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                checks.add(CompletableFuture.supplyAsync(
                        () -> new GatewayClient(port).get("/health").status(), checkers));
            }
            assertThat(checks).allSatisfy(check -> assertThat(check.get()).isEqualTo(200));
        } finally {
            checkers.shutdown();
        }
    }
}
