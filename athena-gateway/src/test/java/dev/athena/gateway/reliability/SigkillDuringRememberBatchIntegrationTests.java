package dev.athena.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Athena, running as a process of its own, is killed with SIGKILL while a {@code remember_batch} of 1,000 memories is
 * being written: once right when the batch's transaction starts writing, once deep into it. Either way the batch is all
 * there or not at all (never some of its rows), every stored memory has exactly its one {@code created} history entry,
 * and a restarted Athena takes the same batch again as if nothing had happened.
 *
 * <p>The moment is found, not guessed: a second connection watches {@code pg_stat_activity} for the application's
 * session and kills when its transaction holds a transaction id (it has written).
 */
class SigkillDuringRememberBatchIntegrationTests {

    private static final int ITEMS = 1_000;
    private static final String PROJECT = "sigkill";
    private static final String APPLICATION_NAME = "athena-sigkill-test";
    private static final int SIGKILL_EXIT_STATUS = 128 + 9;

    private static final LlamaCppEmbeddingServer embeddingServer = new LlamaCppEmbeddingServer();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static SingleConnectionDataSource watcherConnection;
    private static JdbcTemplate database;

    /** What happened to one batch. */
    private record Round(
            String marker,
            boolean sawWrites,
            Integer answered,
            long stored,
            long createdEntries,
            long historyEntries) {}

    @BeforeAll
    static void connect() {
        Assumptions.assumeTrue(
                "local".equalsIgnoreCase(env("ATHENA_TEST_DB", "local")),
                "the separate Athena process is pointed at ATHENA_TEST_DB_URL; a Testcontainers database is not "
                        + "reachable by that URL");
        watcherConnection = new SingleConnectionDataSource(
                databaseUrl(), env("ATHENA_TEST_DB_USER", "athena"), env("ATHENA_TEST_DB_PASSWORD", "athena"), true);
        database = new JdbcTemplate(watcherConnection);
        database.execute("TRUNCATE memories, episodic_events, memory_provenance CASCADE");
        database.execute("TRUNCATE memory_history");
    }

    @AfterAll
    static void disconnect() {
        embeddingServer.close();
        if (watcherConnection != null) {
            watcherConnection.destroy();
        }
    }

    @Test
    void aBatchKilledInFlightIsAllThereOrNotAtAllAndARestartedAthenaTakesItAgain() throws Exception {
        Round atFirstWrite;
        try (AthenaProcess athena = AthenaProcess.start("sigkill-1", arguments())) {
            atFirstWrite = sendAndKill(athena, "first-write", activity -> activity.writing());
        }
        Round deepInTheTransaction;
        try (AthenaProcess athena = AthenaProcess.start("sigkill-2", arguments())) {
            HttpResponse<String> again =
                    send(athena, batch(atFirstWrite.marker())).get(60, TimeUnit.SECONDS);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(again.body()).contains("\"created\":" + (atFirstWrite.stored() == 0 ? ITEMS : 0));
            assertThat(stored(atFirstWrite.marker())).isEqualTo(ITEMS);

            deepInTheTransaction = sendAndKill(
                    athena, "deep", activity -> activity.writing() && activity.writingFor(Duration.ofMillis(150)));
        }

        for (Round round : List.of(atFirstWrite, deepInTheTransaction)) {
            assertThat(round.stored()).as("rows of batch %s", round.marker()).isIn(0L, (long) ITEMS);
            assertThat(round.createdEntries())
                    .as("'created' history entries of the stored memories")
                    .isEqualTo(round.stored());
            assertThat(round.historyEntries())
                    .as("history entries of any memory of the batch")
                    .isEqualTo(round.stored());
            if (round.answered() != null && round.answered() == 200) {
                assertThat(round.stored()).isEqualTo(ITEMS);
            }
        }
        // The kill at the first write landed inside the open transaction: the rollback is what was tested.
        assertThat(atFirstWrite.sawWrites()).isTrue();
        assertThat(atFirstWrite.stored()).isZero();
        assertThat(deepInTheTransaction.sawWrites()).isTrue();
    }

    private Round sendAndKill(AthenaProcess athena, String name, Predicate<Activity> killWhen) throws Exception {
        String marker = "sigkill-" + name + "-" + System.nanoTime();
        CompletableFuture<HttpResponse<String>> response = send(athena, batch(marker));
        Activity activity = new Activity();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!response.isDone() && !killWhen.test(activity) && System.nanoTime() < deadline) {
            activity.observe();
        }
        int exit = athena.kill();
        assertThat(exit).as("exit status of a process killed by SIGKILL").isEqualTo(SIGKILL_EXIT_STATUS);
        awaitSessionsGone();

        Integer answered = response.isDone() && !response.isCompletedExceptionally()
                ? response.join().statusCode()
                : null;
        return new Round(
                marker,
                activity.sawWrites,
                answered,
                stored(marker),
                count(
                        "SELECT count(*) FROM memory_history h JOIN memories m ON m.id = h.memory_id "
                                + "WHERE h.action = 'created' AND m.content LIKE ?",
                        marker + "%"),
                count("SELECT count(*) FROM memory_history WHERE after ->> 'content' LIKE ?", marker + "%"));
    }

    /** The application's database session as a watcher sees it. */
    private static final class Activity {

        private long firstWriteNanos;
        private boolean sawWrites;

        void observe() {
            List<Map<String, Object>> sessions = database.queryForList(
                    "SELECT backend_xid IS NOT NULL AS writing FROM pg_stat_activity WHERE application_name = ? "
                            + "AND state <> 'idle'",
                    APPLICATION_NAME);
            if (!sawWrites && sessions.stream().anyMatch(session -> Boolean.TRUE.equals(session.get("writing")))) {
                sawWrites = true;
                firstWriteNanos = System.nanoTime();
            }
        }

        boolean writing() {
            return sawWrites;
        }

        boolean writingFor(Duration duration) {
            return sawWrites && System.nanoTime() - firstWriteNanos >= duration.toNanos();
        }
    }

    /** The server ends a session whose client died when it next talks to it; only then is the outcome final. */
    private static void awaitSessionsGone() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", APPLICATION_NAME) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the killed Athena's database sessions are still there after 30 s");
            }
            Thread.sleep(20);
        }
    }

    private static CompletableFuture<HttpResponse<String>> send(AthenaProcess athena, String body) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + athena.port() + "/tools/remember_batch/execute"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String batch(String marker) {
        StringJoiner items = new StringJoiner(",", "[", "]");
        for (int i = 0; i < ITEMS; i++) {
            items.add("{\"content\":\"" + marker + " item " + i + ": the nightly export of shard " + (i % 17)
                    + " finished in " + (i * 37 % 600) + " seconds\",\"tags\":[\"export\"],\"metadata\":{\"item\":" + i
                    + "}}");
        }
        return "{\"project\":\"" + PROJECT + "\",\"items\":" + items + "}";
    }

    private static long stored(String marker) {
        return count("SELECT count(*) FROM memories WHERE project = ? AND content LIKE ?", PROJECT, marker + "%");
    }

    private static long count(String sql, Object... arguments) {
        Long value = database.queryForObject(sql, Long.class, arguments);
        return value == null ? 0 : value;
    }

    private static List<String> arguments() {
        return List.of(
                "--spring.datasource.url=" + databaseUrl(),
                "--spring.datasource.username=" + env("ATHENA_TEST_DB_USER", "athena"),
                "--spring.datasource.password=" + env("ATHENA_TEST_DB_PASSWORD", "athena"),
                "--spring.datasource.hikari.data-source-properties.ApplicationName=" + APPLICATION_NAME,
                "--athena.embedding.provider=llamacpp",
                "--athena.embedding.dimension=" + LlamaCppEmbeddingServer.WIDTH,
                "--athena.embedding.llamacpp.base-url=" + embeddingServer.baseUrl(),
                "--athena.reasoning.provider=none",
                "--athena.consolidation.enabled=false");
    }

    private static String databaseUrl() {
        return env("ATHENA_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/athena_test");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
