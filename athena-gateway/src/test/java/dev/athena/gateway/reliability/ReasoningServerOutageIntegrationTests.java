package dev.athena.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The llama.cpp reasoning server stops answering (the process is gone, or it hangs on generation): run_consolidation,
 * called through the gateway, still completes within its model timeout with the heuristic (System 1) patterns, reports
 * {@code model_unavailable}, and leaves the events awaiting validation so that a run after the server is back revisits
 * them with the model.
 */
class ReasoningServerOutageIntegrationTests extends LlamaCppServersIntegrationTest {

    /** Generation timeout 1.5 s (one model call per cluster here) plus a loaded machine's share. */
    private static final Duration RUN_BOUND = Duration.ofSeconds(8);

    @Test
    void whenTheServerIsGoneConsolidationCompletesWithSystemOneAndTheModelRevisitsLater() {
        recordAFixedBug("with-model");
        JsonNode withModel = consolidate("with-model");
        assertThat(withModel.get("model_unavailable").asBoolean()).isFalse();
        assertThat(withModel.get("model_calls").asInt()).isPositive();

        recordAFixedBug("model-gone");
        reasoningServer.stop();

        assertCompletedWithSystemOne(consolidate("model-gone"));

        reasoningServer.answer("{\"patterns\":[]}");
        assertTheModelRevisits("model-gone");
    }

    @Test
    void whenTheServerHangsConsolidationGivesUpAtTheTimeoutAndCompletesWithSystemOne() {
        recordAFixedBug("model-hangs");
        reasoningServer.answerAfter("{\"patterns\":[]}", Duration.ofSeconds(20));

        assertCompletedWithSystemOne(consolidate("model-hangs"));
        assertThat(reasoningServer.chatRequests())
                .as("the model was asked and did not answer in time")
                .isPositive();

        reasoningServer.answer("{\"patterns\":[]}");
        assertTheModelRevisits("model-hangs");
    }

    private void assertCompletedWithSystemOne(JsonNode run) {
        assertThat(run.get("skipped").asBoolean()).isFalse();
        assertThat(run.get("model_unavailable").asBoolean()).isTrue();
        assertThat(run.get("patterns_created").asInt()).isPositive();
        assertThat(run.get("events_awaiting_validation").asInt())
                .isEqualTo(run.get("events_read").asInt())
                .isEqualTo(4);
        assertThat(count(
                        "SELECT count(*) FROM memories WHERE project = ? AND memory_type = 'pattern' "
                                + "AND NOT (metadata ->> 'model_validated')::boolean",
                        run.get("project").asString()))
                .isEqualTo(run.get("patterns_created").asInt());
    }

    /** Once the server answers again (its breaker lets a call through after a second), the events are revisited. */
    private void assertTheModelRevisits(String project) {
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !consolidate(project).get("model_unavailable").asBoolean());
        assertThat(count(
                        "SELECT count(*) FROM episodic_events WHERE project = ? AND consolidation_state = "
                                + "'consolidated'",
                        project))
                .isEqualTo(4);
        // The revisit validates the heuristic patterns it stored before; it does not count the same events twice.
        assertThat(count(
                        "SELECT count(*) FROM memories WHERE project = ? AND memory_type = 'pattern' "
                                + "AND NOT (metadata ->> 'model_validated')::boolean",
                        project))
                .isZero();
        assertThat(count(
                        "SELECT count(*) FROM memories WHERE project = ? AND memory_type = 'pattern' "
                                + "AND (metadata ->> 'occurrences')::int > 1",
                        project))
                .isZero();
    }

    private JsonNode consolidate(String project) {
        long start = System.nanoTime();
        var response = client.postJson(
                "/tools/run_consolidation/execute", "{\"project\":\"" + project + "\",\"strategy\":\"quality\"}");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(elapsed).isLessThan(RUN_BOUND);
        return response.body();
    }

    private void recordAFixedBug(String project) {
        var recorded = client.postJson("/tools/batch_record_events/execute", """
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
}
