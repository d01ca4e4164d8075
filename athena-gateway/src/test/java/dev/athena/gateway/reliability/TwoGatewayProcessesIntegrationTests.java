package dev.athena.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

import dev.athena.gateway.GatewayClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Two Athena gateways, each a process of its own, on one PostgreSQL primary, as a scaled-out deployment runs them:
 * concurrent identical writes through both store one memory, a consolidation asked of both at once runs once, both
 * backfilling the same pending memories embed each once, and a SIGKILL of one gateway under a write load on both loses
 * no write it acknowledged. The processes start once for the class; the kill comes last.
 *
 * <p>They run on a database of their own ({@code ATHENA_TEST_GATEWAYS_DB_URL}): the Spring contexts other test classes
 * leave cached in this JVM keep running their scheduled backfill and consolidation on {@code athena_test}, and took
 * most of the pending memories this class wants the two gateways to share.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoGatewayProcessesIntegrationTests {

    private static final int SIGKILL_EXIT_STATUS = 128 + 9;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private static final LlamaCppEmbeddingServer embeddingServer = new LlamaCppEmbeddingServer();
    private static final LlamaCppReasoningServer reasoningServer = new LlamaCppReasoningServer();
    private static SingleConnectionDataSource connection;
    private static JdbcTemplate database;
    private static AthenaProcess gatewayA;
    private static AthenaProcess gatewayB;
    private static GatewayClient clientA;
    private static GatewayClient clientB;

    @BeforeAll
    static void startTwoGateways() throws Exception {
        Assumptions.assumeTrue(
                "local".equalsIgnoreCase(env("ATHENA_TEST_DB", "local")),
                "the separate Athena processes are pointed at ATHENA_TEST_DB_URL; a Testcontainers database is "
                        + "not reachable by that URL");
        connection = new SingleConnectionDataSource(
                databaseUrl(), env("ATHENA_TEST_DB_USER", "athena"), env("ATHENA_TEST_DB_PASSWORD", "athena"), true);
        Assumptions.assumeTrue(
                databaseExists(),
                "database " + databaseUrl()
                        + " does not answer: scripts/setup-postgres.sh creates athena_test_gateways");
        database = new JdbcTemplate(connection);
        // The first gateway migrates a new database; the tables are emptied once both run, before any test writes.
        gatewayA = AthenaProcess.start("gateway-a", arguments());
        gatewayB = AthenaProcess.start("gateway-b", arguments());
        database.execute("TRUNCATE memories, episodic_events, memory_provenance CASCADE");
        database.execute("TRUNCATE memory_history, event_history");
        clientA = new GatewayClient(gatewayA.port());
        clientB = new GatewayClient(gatewayB.port());
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        for (AthenaProcess gateway : new AthenaProcess[] {gatewayA, gatewayB}) {
            if (gateway != null) {
                gateway.close();
            }
        }
        embeddingServer.close();
        reasoningServer.close();
        if (connection != null) {
            connection.destroy();
        }
    }

    @Test
    @Order(1)
    void theSameContentRememberedConcurrentlyThroughBothGatewaysIsStoredOnce() throws Exception {
        int contents = 6;
        int callsPerGateway = 8;
        for (int c = 0; c < contents; c++) {
            String content = "Scale-out note " + c + ": the blue/green switch of region eu-" + c + " happens at 03:00";
            String body = "{\"project\":\"scaleout-dedup\",\"content\":\"" + content + "\"}";

            List<GatewayClient.Response> answers = concurrently(
                    2 * callsPerGateway,
                    call -> (call % 2 == 0 ? clientA : clientB).postJson("/tools/remember/execute", body));

            assertThat(answers)
                    .allSatisfy(answer ->
                            assertThat(answer.status()).as(answer.raw()).isEqualTo(200));
            assertThat(answers)
                    .extracting(answer -> answer.body().get("id").asString())
                    .as("ids answered for '%s'", content)
                    .containsOnly(answers.get(0).body().get("id").asString());
            assertThat(answers)
                    .extracting(answer -> answer.body().get("status").asString())
                    .filteredOn("created"::equals)
                    .hasSize(1);
            assertThat(answers)
                    .extracting(answer -> answer.body().get("status").asString())
                    .containsOnly("created", "duplicate");
            assertThat(count("SELECT count(*) FROM memories WHERE project = 'scaleout-dedup' AND content = ?", content))
                    .isEqualTo(1);
            assertThat(count(
                            "SELECT count(*) FROM memory_history h JOIN memories m ON m.id = h.memory_id "
                                    + "WHERE m.content = ? AND h.action = 'created'",
                            content))
                    .isEqualTo(1);
        }
    }

    @Test
    @Order(2)
    void aConsolidationAskedOfBothGatewaysAtOnceRunsOnceAndTheOtherReportsItSkipped() throws Exception {
        String project = "scaleout-consolidation";
        recordAFixedBug(project);
        // The model takes its time, so the run that takes the project's lock still holds it when the other call comes.
        reasoningServer.answerAfter("{\"patterns\":[]}", Duration.ofSeconds(3));
        String body = "{\"project\":\"" + project + "\",\"strategy\":\"quality\"}";

        List<GatewayClient.Response> answers = concurrently(
                2, call -> (call == 0 ? clientA : clientB).postJson("/tools/run_consolidation/execute", body));

        assertThat(answers)
                .allSatisfy(
                        answer -> assertThat(answer.status()).as(answer.raw()).isEqualTo(200));
        List<JsonNode> reports =
                answers.stream().map(GatewayClient.Response::body).toList();
        assertThat(reports)
                .filteredOn(report -> !report.get("skipped").asBoolean())
                .singleElement()
                .satisfies(run -> {
                    assertThat(run.get("events_read").asInt()).isEqualTo(4);
                    assertThat(run.get("events_consolidated").asInt()).isEqualTo(4);
                    assertThat(run.get("model_calls").asInt()).isEqualTo(1);
                    assertThat(count(
                                    "SELECT count(*) FROM memories WHERE project = ? AND memory_type = 'pattern'",
                                    project))
                            .isEqualTo(run.get("patterns_created").asInt());
                });
        assertThat(reports)
                .filteredOn(report -> report.get("skipped").asBoolean())
                .singleElement()
                .satisfies(skipped -> {
                    assertThat(skipped.get("events_read").asInt()).isZero();
                    assertThat(skipped.get("model_calls").asInt()).isZero();
                });
        assertThat(reasoningServer.chatRequests())
                .as("requests the model server received")
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM episodic_events WHERE project = ? AND consolidation_state = "
                                + "'consolidated'",
                        project))
                .isEqualTo(4);
        assertThat(count(
                        "SELECT count(*) FROM memories WHERE project = ? AND memory_type = 'pattern' "
                                + "AND (metadata ->> 'occurrences')::int > 1",
                        project))
                .as("patterns counted twice")
                .isZero();
    }

    @Test
    @Order(3)
    void bothGatewaysBackfillingTheSamePendingMemoriesEmbedEachOnceAndLeaveNoneBehind() throws Exception {
        int pending = 120;
        String marker = "backfill" + System.nanoTime();
        embeddingServer.stop();
        List<String> contents = IntStream.range(0, pending)
                .mapToObj(i -> "Pending note " + i + " " + marker + ": rotate the TLS certificate of edge node "
                        + (i * 13 % 41))
                .toList();
        rememberBatch(clientA, contents.subList(0, pending / 2));
        rememberBatch(clientB, contents.subList(pending / 2, pending));
        assertThat(count(
                        "SELECT count(*) FROM memories WHERE embedding IS NULL AND content LIKE ?", "%" + marker + "%"))
                .isEqualTo(pending);

        // Back, but slow: one batch of ten takes a while, so both gateways' backfill runs find the backlog at once.
        embeddingServer.answerAfter(Duration.ofMillis(150));
        await().atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> count(
                                "SELECT count(*) FROM memories WHERE embedding IS NULL AND content LIKE ?",
                                "%" + marker + "%")
                        == 0);

        Map<String, Integer> timesEmbedded = new HashMap<>();
        embeddingServer.embeddedTexts().stream()
                .filter(text -> text.contains(marker))
                .forEach(text -> timesEmbedded.merge(text, 1, Integer::sum));
        assertThat(timesEmbedded).hasSize(pending);
        assertThat(timesEmbedded.values())
                .as("times each pending text was sent to the embedder")
                .containsOnly(1);
        assertThat(count(
                        "SELECT count(*) FROM memories WHERE content LIKE ? AND embedding_model = "
                                + "'nomic-embed-text-v1.5'",
                        "%" + marker + "%"))
                .isEqualTo(pending);
        assertThat(gatewayA.output()).as("gateway A's log").contains("embedding backfill:");
        assertThat(gatewayB.output()).as("gateway B's log").contains("embedding backfill:");
    }

    @Test
    @Order(4)
    void aGatewayKilledUnderWriteLoadOnBothLosesNoAcknowledgedWrite() throws Exception {
        embeddingServer.answer();
        try (RememberLoad survivorLoad =
                        new RememberLoad(clientA, "scaleout-kill-a", 3, Duration.ofSeconds(60)).start();
                RememberLoad killedLoad =
                        new RememberLoad(clientB, "scaleout-kill-b", 3, Duration.ofSeconds(60)).start()) {
            survivorLoad.awaitMoreAcknowledged(20, Duration.ofSeconds(30));
            killedLoad.awaitMoreAcknowledged(20, Duration.ofSeconds(30));

            assertThat(gatewayB.kill())
                    .as("exit status of a process killed by SIGKILL")
                    .isEqualTo(SIGKILL_EXIT_STATUS);
            long afterKill = System.nanoTime();
            survivorLoad.awaitMoreAcknowledged(20, Duration.ofSeconds(30));
            killedLoad.awaitCalls(
                    afterKill, call -> call.status() == -1, 3, Duration.ofSeconds(10), "waiting for refused calls");
            survivorLoad.stop();
            killedLoad.stop();

            assertThat(survivorLoad.calls())
                    .as("calls to the surviving gateway")
                    .allSatisfy(call -> assertThat(call.status()).as(call.raw()).isEqualTo(200));
            assertEveryAcknowledgedMemoryIsStored("scaleout-kill-a", survivorLoad.acknowledged());
            assertEveryAcknowledgedMemoryIsStored("scaleout-kill-b", killedLoad.acknowledged());
        }
    }

    private static void assertEveryAcknowledgedMemoryIsStored(
            String project, Map<String, RememberLoad.Acknowledged> acknowledged) {
        Map<String, String> stored = new HashMap<>();
        database.query(
                "SELECT id::text AS id, content FROM memories WHERE project = ?",
                row -> {
                    stored.put(row.getString("id"), row.getString("content"));
                },
                project);
        assertThat(acknowledged).isNotEmpty();
        acknowledged
                .values()
                .forEach(memory -> assertThat(stored.get(memory.id()))
                        .as("acknowledged memory %s of %s", memory.id(), project)
                        .isEqualTo(memory.content()));
        // A write the killed gateway committed without answering may be there; none is there twice or half-written.
        assertThat(count(
                        "SELECT count(*) FROM memories m WHERE project = ? AND (SELECT count(*) FROM memory_history h "
                                + "WHERE h.memory_id = m.id AND h.action = 'created') <> 1",
                        project))
                .isZero();
    }

    private static void rememberBatch(GatewayClient client, List<String> contents) {
        StringJoiner items = new StringJoiner(",", "[", "]");
        contents.forEach(content -> items.add("{\"content\":\"" + content + "\"}"));
        GatewayClient.Response answer = client.postJson(
                "/tools/remember_batch/execute", "{\"project\":\"scaleout-backfill\",\"items\":" + items + "}");
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(answer.body().get("results"))
                .extracting(result -> result.get("status").asString())
                .containsOnly("pending_embedding");
    }

    private static void recordAFixedBug(String project) {
        GatewayClient.Response recorded =
                clientA.postJson("/tools/batch_record_events/execute", """
                {"project":"%s","events":[
                  {"event_type":"test_run","content":"CartTest.totalIncludesTax fails: expected 11.90 but was \
                10.00","outcome":"failure","session_id":"s1"},
                  {"event_type":"file_change","content":"CartPricing now adds tax to the \
                total","outcome":"success","session_id":"s1"},
                  {"event_type":"test_run","content":"CartTest: 9 tests passed","outcome":"success","session_id":"s1"},
                  {"event_type":"decision","content":"Keep tax rules in CartPricing, not in \
                CartService","outcome":"success","session_id":"s1"}]}""".formatted(project));
        assertThat(recorded.status()).as(recorded.raw()).isEqualTo(200);
    }

    /** Makes {@code calls} calls at once, released together, and returns their answers in call order. */
    private static <T> List<T> concurrently(int calls, Function<Integer, T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                answers.add(future.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
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
                "--athena.embedding.provider=llamacpp",
                "--athena.embedding.dimension=" + LlamaCppEmbeddingServer.WIDTH,
                "--athena.embedding.llamacpp.base-url=" + embeddingServer.baseUrl(),
                "--athena.embedding.llamacpp.request-timeout=2s",
                "--athena.embedding.llamacpp.retry.max-attempts=2",
                "--athena.embedding.llamacpp.retry.initial-backoff=20ms",
                "--athena.embedding.llamacpp.retry.max-backoff=50ms",
                "--athena.embedding.llamacpp.circuit-breaker.wait-in-open-state=300ms",
                "--athena.memory.embed-timeout=1s",
                "--athena.memory.embed-batch-size=10",
                "--athena.memory.backfill-interval=300ms",
                "--athena.reasoning.provider=llamacpp",
                "--athena.reasoning.llamacpp.base-url=" + reasoningServer.baseUrl(),
                "--athena.reasoning.llamacpp.retry.max-attempts=1",
                "--athena.reasoning.llamacpp.generation-timeout=15s",
                "--athena.consolidation.model-timeout=20s");
    }

    private static String databaseUrl() {
        return env("ATHENA_TEST_GATEWAYS_DB_URL", "jdbc:postgresql://127.0.0.1:5432/athena_test_gateways");
    }

    private static boolean databaseExists() {
        try (Connection probe = connection.getConnection()) {
            return probe.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
