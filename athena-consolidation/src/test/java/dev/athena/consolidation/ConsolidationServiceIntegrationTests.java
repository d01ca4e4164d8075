package dev.athena.consolidation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.athena.memory.EventService;
import dev.athena.memory.RecordEventRequest;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** Consolidation over a week of a coding agent's recorded work, with a WireMock llama.cpp server as the model. */
@SpringBootTest
class ConsolidationServiceIntegrationTests extends DatabaseIntegrationTest {

    private static final WireMockServer LLAMA = new WireMockServer(options().dynamicPort());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        LLAMA.start();
    }

    @DynamicPropertySource
    static void reasoningServer(DynamicPropertyRegistry registry) {
        registry.add("athena.reasoning.provider", () -> "llamacpp");
        registry.add("athena.reasoning.llamacpp.base-url", LLAMA::baseUrl);
        registry.add("athena.reasoning.llamacpp.retry.max-attempts", () -> "1");
        // Generous: on a loaded 2-core CI machine WireMock's first answers can take seconds.
        registry.add("athena.reasoning.llamacpp.generation-timeout", () -> "30s");
        registry.add("athena.reasoning.llamacpp.health-timeout", () -> "15s");
    }

    @AfterAll
    static void stopServer() {
        LLAMA.stop();
    }

    @Autowired
    ConsolidationService consolidation;

    @Autowired
    EventService events;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void modelServerUp() {
        LLAMA.resetAll();
        LLAMA.stubFor(get(urlEqualTo("/health"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"ok\"}")));
        LLAMA.stubFor(get(urlEqualTo("/props"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                {"default_generation_settings":{"n_ctx":32768},"total_slots":1,
                 "model_path":"/models/Qwen3-VL-4B-Instruct-Q4_K_M.gguf","modalities":{"vision":false}}""")));
        LLAMA.stubFor(get(urlEqualTo("/v1/models"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                {"object":"list","data":[{"id":"Qwen3-VL-4B-Instruct-Q4_K_M.gguf","object":"model","owned_by":"llamacpp","meta":{"n_ctx_train":262144}}]}""")));
        modelAnswers("{\"patterns\":[]}");
    }

    /** A consolidation lock left behind would make the next test's run skip the project. */
    @AfterEach
    void noConsolidationLockLeftBehind() {
        assertThat(count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                        + "(SELECT oid FROM pg_database WHERE datname = current_database())"))
                .isZero();
    }

    private static void modelAnswers(String answerJson) {
        LLAMA.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(JSON.writeValueAsString(Map.of(
                                "id",
                                "chatcmpl-1",
                                "object",
                                "chat.completion",
                                "model",
                                "qwen3-vl-4b",
                                "choices",
                                List.of(Map.of(
                                        "index",
                                        0,
                                        "finish_reason",
                                        "stop",
                                        "message",
                                        Map.of("role", "assistant", "content", answerJson))),
                                "usage",
                                Map.of("prompt_tokens", 900, "completion_tokens", 60, "total_tokens", 960),
                                "timings",
                                Map.of(
                                        "prompt_n",
                                        900,
                                        "prompt_ms",
                                        800.0,
                                        "predicted_n",
                                        60,
                                        "predicted_ms",
                                        1500.0,
                                        "predicted_per_second",
                                        40.0))))));
    }

    private void record(List<RecordEventRequest> requests) {
        events.recordBatch(null, requests);
    }

    private List<String> patternStatements() {
        return jdbc.queryForList(
                "SELECT content FROM memories WHERE memory_type = 'pattern' ORDER BY content", String.class);
    }

    @Test
    void systemOneFindsTheKnownShapesInAWeekOfWork() {
        record(AgentEventLog.sessions(s -> true));

        ConsolidationReport report = consolidation.consolidate("default", Strategy.SPEED, 14, false);

        assertThat(report.eventsRead()).isEqualTo(154);
        assertThat(report.clustersFound()).isGreaterThanOrEqualTo(12);
        assertThat(report.modelCalls()).isZero();
        assertThat(jdbc.queryForList(
                        "SELECT DISTINCT metadata ->> 'pattern_type' FROM memories WHERE memory_type = 'pattern'",
                        String.class))
                .contains("test_driven_cycle", "error_fix", "decision", "deployment", "refactoring");
        assertThat(patternStatements())
                .anyMatch(s -> s.contains("NullPointerException in CheckoutService.applyCoupon"));
        assertThat(patternStatements())
                .anyMatch(s -> s.startsWith("Decision:") && s.contains("Testcontainers startup timeout"));
        assertThat(count("SELECT count(*) FROM memories WHERE memory_type = 'pattern' AND (metadata ->> "
                        + "'model_validated')::boolean"))
                .isZero();
        assertThat(count("SELECT count(*) FROM memory_provenance p JOIN episodic_events e ON e.id = p.source_id"))
                .isPositive();
        assertThat(count("SELECT count(*) FROM episodic_events WHERE consolidation_state = 'consolidated'"))
                .isEqualTo(report.eventsConsolidated());
        assertThat(report.patternsCreated())
                .isEqualTo((int) count("SELECT count(*) FROM memories WHERE memory_type = 'pattern'"));
    }

    @Test
    void systemTwoIsAskedOnlyForUncertainClustersWithTheSchemaInTheRequest() {
        record(AgentEventLog.sessions(s -> true));

        ConsolidationReport report = consolidation.consolidate("default", Strategy.BALANCED, 14, false);

        assertThat(report.clustersSentToModel()).isPositive().isLessThan(report.clustersFound());
        assertThat(report.modelCalls()).isEqualTo(report.clustersSentToModel());
        LLAMA.verify(
                report.clustersSentToModel(),
                postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_schema")))
                        .withRequestBody(matchingJsonPath("$.response_format.json_schema.schema.properties.patterns")));
        LLAMA.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath(
                        "$.messages[1].content",
                        com.github.tomakehurst.wiremock.client.WireMock.containing("order confirmation emails"))));
        assertThat(report.modelUnavailable()).isFalse();
        assertThat(count("SELECT count(*) FROM episodic_events WHERE consolidation_state <> 'consolidated'"))
                .isEqualTo(154 - report.eventsConsolidated());
    }

    @Test
    void aGroundedModelPatternIsStoredAsModelValidated() {
        record(AgentEventLog.sessions(s -> s.equals("s05-architecture-chat")));
        modelAnswers("""
                {"patterns":[{"pattern_type":"decision","statement":"Order confirmation emails should go through an \
                outbox table written in the order transaction, so an SMTP outage cannot lose them.",
                  "confidence":0.8,"supporting_events":["E1","E4","E7"]}]}""");

        ConsolidationReport report = consolidation.consolidate("default", Strategy.BALANCED, 14, false);

        assertThat(report.patternsCreated()).isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM memories WHERE memory_type = 'pattern' AND content LIKE '%outbox table%' "
                                + "AND (metadata ->> 'model_validated')::boolean"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM memory_provenance")).isEqualTo(3);
    }

    @Test
    void anUngroundedModelAnswerIsRejectedAndCounted() {
        record(AgentEventLog.sessions(s -> s.equals("s05-architecture-chat")));
        modelAnswers("""
                {"patterns":[
                  {"pattern_type":"insight","statement":"Kubernetes operators reconcile custom resources with leader \
                election.","confidence":0.9,"supporting_events":["E1","E2"]},
                  {"pattern_type":"insight","statement":"Order confirmation emails use an outbox \
                table.","confidence":0.9,"supporting_events":["E42"]}]}""");

        ConsolidationReport report = consolidation.consolidate("default", Strategy.BALANCED, 14, false);

        assertThat(report.patternsRejected()).isEqualTo(2);
        assertThat(report.patternsCreated()).isZero();
        assertThat(patternStatements()).isEmpty();
    }

    @Test
    void aSecondRunOverNewSimilarEventsReinforcesInsteadOfDuplicating() {
        record(AgentEventLog.sessions(s -> s.equals("s01-checkout-npe")));
        ConsolidationReport first = consolidation.consolidate("default", Strategy.SPEED, 14, false);
        List<String> afterFirst = patternStatements();

        // The same kind of work a week later: other line numbers, test counts and versions, so the statements differ.
        record(AgentEventLog.sessions(s -> s.equals("s01-checkout-npe"), Duration.ofDays(6)));
        ConsolidationReport second = consolidation.consolidate("default", Strategy.SPEED, 14, false);

        assertThat(first.patternsCreated()).isPositive();
        assertThat(second.patternsReinforced()).isEqualTo(first.patternsCreated());
        assertThat(second.patternsCreated()).isZero();
        assertThat(patternStatements()).isEqualTo(afterFirst);
        assertThat(count("SELECT count(*) FROM memories WHERE memory_type = 'pattern' AND (metadata ->> "
                        + "'occurrences')::int = 2"))
                .isEqualTo(first.patternsCreated());
        assertThat(count("SELECT count(*) FROM memory_history WHERE action = 'reinforced'"))
                .isEqualTo(first.patternsCreated());
    }

    @Test
    void aDryRunWritesNothing() {
        record(AgentEventLog.sessions(s -> true));
        String before = snapshot();

        ConsolidationReport report = consolidation.consolidate("default", Strategy.BALANCED, 14, true);

        assertThat(report.dryRun()).isTrue();
        assertThat(report.patternsCreated()).isPositive();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void withTheReasoningServerDownTheRunCompletesWithSystemOneAndRevisitsLater() {
        record(AgentEventLog.sessions(s -> s.equals("s05-architecture-chat") || s.equals("s02-discount-tdd")));
        LLAMA.resetAll();
        LLAMA.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
                        com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":503,\"message\":\"Loading "
                                + "model\",\"type\":\"unavailable_error\"}}")));

        ConsolidationReport down = consolidation.consolidate("default", Strategy.QUALITY, 14, false);

        assertThat(down.modelUnavailable()).isTrue();
        assertThat(down.patternsCreated()).isPositive();
        assertThat(down.eventsAwaitingValidation()).isEqualTo(down.eventsRead());
        assertThat(count("SELECT count(*) FROM memories WHERE memory_type = 'pattern' AND NOT (metadata ->> "
                        + "'model_validated')::boolean"))
                .isEqualTo(down.patternsCreated());

        modelServerUp();
        ConsolidationReport back = consolidation.consolidate("default", Strategy.QUALITY, 14, false);

        assertThat(back.modelUnavailable()).isFalse();
        assertThat(back.eventsRead()).isEqualTo(down.eventsRead());
        assertThat(back.patternsCreated()).isZero();
        assertThat(count("SELECT count(*) FROM episodic_events WHERE consolidation_state = 'consolidated'"))
                .isEqualTo(down.eventsRead());
        assertThat(count("SELECT count(*) FROM memories WHERE memory_type = 'pattern' AND NOT (metadata ->> "
                        + "'model_validated')::boolean"))
                .isZero();
        assertThat(count("SELECT count(*) FROM memories WHERE memory_type = 'pattern' AND (metadata ->> "
                        + "'occurrences')::int > 1"))
                .isZero();
    }

    @Test
    void whileAnotherInstanceHoldsTheProjectLockARunIsSkipped() throws Exception {
        record(AgentEventLog.sessions(s -> s.equals("s01-checkout-npe")));
        try (Connection other = dataSource.getConnection();
                PreparedStatement lock = other.prepareStatement(
                        "SELECT pg_advisory_lock(hashtextextended('athena.consolidation:default', 0))")) {
            lock.execute();

            try {
                ConsolidationReport report = consolidation.consolidate("default", Strategy.SPEED, 14, false);

                assertThat(report.skipped()).isTrue();
                assertThat(count("SELECT count(*) FROM episodic_events WHERE consolidation_state = 'consolidated'"))
                        .isZero();
            } finally {
                // A session-level lock outlives close(): the pool keeps the session open, and a later test that drew
                // it would find the project still locked (or, in this session, take the lock again re-entrantly).
                try (PreparedStatement unlock = other.prepareStatement(
                        "SELECT pg_advisory_unlock(hashtextextended('athena.consolidation:default', 0))")) {
                    unlock.execute();
                }
            }
        }
        assertThat(consolidation
                        .consolidate("default", Strategy.SPEED, 14, false)
                        .skipped())
                .isFalse();
    }

    @Test
    void twoInstancesStartedAtOnceOnTheSameProjectConsolidateItOnce() throws Exception {
        record(AgentEventLog.sessions(s -> true));
        // The same log consolidated by one instance alone: what a single run reinforces (similar patterns of different
        // clusters) is not double work.
        events.recordBatch("solo", AgentEventLog.sessions(s -> true));
        consolidation.consolidate("solo", Strategy.SPEED, 14, false);
        long reinforcedAlone =
                count("SELECT count(*) FROM memory_history WHERE action = 'reinforced' AND project = 'solo'");
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<ConsolidationReport> a = CompletableFuture.supplyAsync(() -> await(start, "default"));
        CompletableFuture<ConsolidationReport> b = CompletableFuture.supplyAsync(() -> await(start, "default"));
        start.countDown();
        List<ConsolidationReport> reports = List.of(a.get(120, TimeUnit.SECONDS), b.get(120, TimeUnit.SECONDS));

        assertThat(reports.stream()
                        .mapToInt(ConsolidationReport::eventsConsolidated)
                        .sum())
                .isEqualTo(reports.stream()
                        .mapToInt(ConsolidationReport::eventsConsolidated)
                        .max()
                        .orElseThrow());
        assertThat(reports).filteredOn(r -> r.patternsCreated() > 0).hasSize(1);
        assertThat(count("SELECT count(*) FROM (SELECT content FROM memories WHERE memory_type = 'pattern' "
                        + "AND project = 'default' GROUP BY content HAVING count(*) > 1) d"))
                .isZero();
        assertThat(count("SELECT count(*) FROM memory_history WHERE action = 'reinforced' AND project = 'default'"))
                .isEqualTo(reinforcedAlone);
    }

    private ConsolidationReport await(CountDownLatch start, String project) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return consolidation.consolidate(project, Strategy.SPEED, 14, false);
    }

    private String snapshot() {
        return jdbc.queryForObject("""
                SELECT (SELECT count(*) FROM memories) || '/' || (SELECT count(*) FROM memory_history) || '/'
                    || (SELECT count(*) FROM memory_provenance) || '/'
                    || (SELECT string_agg(consolidation_state, ',' ORDER BY id) FROM episodic_events)
                """, String.class);
    }
}
