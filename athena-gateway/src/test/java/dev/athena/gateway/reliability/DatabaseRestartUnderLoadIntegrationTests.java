package dev.athena.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.athena.gateway.GatewayClient;
import dev.athena.gateway.TcpProxy;
import dev.athena.memory.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL goes away while client threads keep remembering, twice: the network to it is cut for a few seconds (a TCP
 * proxy in front of it drops every connection and refuses new ones; other helpers share the real cluster, so it is not
 * restarted), and then every session of the application is terminated by the server, as a restart does ({@code 57P01}).
 * While it is down each call fails fast with a 503 problem and {@code Retry-After}, never a 500; afterwards the pool
 * recovers by itself, without restarting Athena, and every write that was acknowledged with a 200 is in the database.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.hikari.connection-timeout=1000",
            "spring.datasource.hikari.validation-timeout=250",
            "spring.datasource.hikari.maximum-pool-size=8",
            "spring.datasource.hikari.data-source-properties.ApplicationName="
                    + DatabaseRestartUnderLoadIntegrationTests.APPLICATION_NAME,
            "athena.gateway.retry-after=2s"
        })
class DatabaseRestartUnderLoadIntegrationTests {

    static final String APPLICATION_NAME = "athena-restart-under-load";
    private static final String PROJECT = "database-restart";
    /** A call while the database is down waits at most the pool's connection timeout (1 s), plus the request's work. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(5);

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
    void emptyTables() {
        directDatabase().execute("TRUNCATE memories, episodic_events, memory_provenance CASCADE");
        directDatabase().execute("TRUNCATE memory_history");
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
    void callsFailFastWithA503WhileTheDatabaseIsDownThePoolRecoversAndNoAcknowledgedWriteIsLost() throws Exception {
        GatewayClient client = new GatewayClient(port);
        try (RememberLoad load = new RememberLoad(client, PROJECT, 4, Duration.ofSeconds(60)).start()) {
            load.awaitMoreAcknowledged(20, Duration.ofSeconds(20));

            long cut = System.nanoTime();
            proxy.cut();
            load.awaitCalls(
                    cut,
                    call -> call.status() == 503,
                    12,
                    Duration.ofSeconds(20),
                    "waiting for 503s while the network is cut");
            Thread.sleep(1_000);
            proxy.restore();
            load.awaitMoreAcknowledged(20, Duration.ofSeconds(20));

            long terminated = System.nanoTime();
            int sessions = terminateTheApplicationsSessions();
            assertThat(sessions)
                    .as("sessions of the application that the server terminated")
                    .isPositive();
            load.awaitMoreAcknowledged(20, Duration.ofSeconds(20));
            load.stop();

            List<RememberLoad.Call> calls = load.calls();
            assertThat(calls)
                    .allSatisfy(call -> assertThat(call.status()).as(call.raw()).isIn(200, 503));
            assertThat(calls)
                    .filteredOn(call -> call.status() == 503)
                    .isNotEmpty()
                    .allSatisfy(call -> {
                        assertThat(call.contentType()).startsWith("application/problem+json");
                        assertThat(call.retryAfter()).isEqualTo("2");
                        assertThat(call.raw())
                                .contains("\"retry_after_seconds\":2")
                                .doesNotContain("Exception");
                        assertThat(call.latency()).isLessThan(FAIL_FAST);
                    });
            assertThat(load.callsSince(cut))
                    .filteredOn(call -> call.startedNanos() < terminated)
                    .extracting(RememberLoad.Call::status)
                    .contains(503, 200);
            // Recovered: the last calls of every writer succeeded, with no restart of the application in between.
            Map<Integer, List<RememberLoad.Call>> byWriter = new java.util.TreeMap<>();
            calls.forEach(call -> byWriter.computeIfAbsent(call.writer(), w -> new java.util.ArrayList<>())
                    .add(call));
            byWriter.values()
                    .forEach(own -> assertThat(own.get(own.size() - 1).status()).isEqualTo(200));

            assertEveryAcknowledgedWriteIsStored(load.acknowledged());
        }
    }

    /** What a restart does to open sessions: the server ends each one with 57P01 "terminating connection". */
    private int terminateTheApplicationsSessions() {
        List<Boolean> terminated = directDatabase()
                .queryForList(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ? AND "
                                + "pid <> pg_backend_pid()",
                        Boolean.class,
                        APPLICATION_NAME);
        return (int) terminated.stream().filter(Boolean::booleanValue).count();
    }

    private void assertEveryAcknowledgedWriteIsStored(Map<String, RememberLoad.Acknowledged> acknowledged) {
        Map<String, String> stored = new java.util.HashMap<>();
        directDatabase()
                .query(
                        "SELECT id::text, content FROM memories WHERE project = ?",
                        row -> {
                            stored.put(row.getString(1), row.getString(2));
                        },
                        PROJECT);
        assertThat(stored)
                .containsAllEntriesOf(acknowledged.values().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                RememberLoad.Acknowledged::id, RememberLoad.Acknowledged::content)));
        Set<String> withHistory = new HashSet<>(directDatabase()
                .queryForList(
                        "SELECT memory_id::text FROM memory_history WHERE project = ? AND action = 'created'",
                        String.class,
                        PROJECT));
        assertThat(withHistory)
                .as("every stored memory has its 'created' history entry")
                .isEqualTo(stored.keySet());
    }

    /** The database itself, not through the proxy and not through the application's pool. */
    private static JdbcTemplate directDatabase() {
        String url = System.getenv().getOrDefault("ATHENA_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/athena_test");
        return new JdbcTemplate(new DriverManagerDataSource(
                url,
                System.getenv().getOrDefault("ATHENA_TEST_DB_USER", "athena"),
                System.getenv().getOrDefault("ATHENA_TEST_DB_PASSWORD", "athena")));
    }
}
