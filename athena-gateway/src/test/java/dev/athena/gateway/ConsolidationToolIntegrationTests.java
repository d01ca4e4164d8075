package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** run_consolidation over REST: a report, dry runs that write nothing, and 400s for bad parameters. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsolidationToolIntegrationTests extends DatabaseIntegrationTest {

    @LocalServerPort
    int port;

    GatewayClient client;

    @BeforeEach
    void recordAFixedBug() {
        client = new GatewayClient(port);
        var recorded = client.postJson("/tools/batch_record_events/execute", """
                {"project":"shop","events":[
                  {"event_type":"test_run","content":"CartTest.totalIncludesTax fails: expected 11.90 but was \
                10.00","outcome":"failure","session_id":"s1"},
                  {"event_type":"file_change","content":"CartPricing now adds tax to the \
                total","outcome":"success","session_id":"s1"},
                  {"event_type":"test_run","content":"CartTest: 9 tests passed","outcome":"success","session_id":"s1"},
                  {"event_type":"decision","content":"Keep tax rules in CartPricing, not in \
                CartService","outcome":"success","session_id":"s1"}]}""");
        assertThat(recorded.status()).isEqualTo(200);
    }

    @Test
    void aDryRunReportsWithoutWritingAndARealRunStoresPatterns() {
        JsonNode dry = client.postJson(
                        "/tools/run_consolidation/execute",
                        "{\"project\":\"shop\",\"strategy\":\"speed\",\"dry_run\":true}")
                .body();

        assertThat(dry.get("dry_run").asBoolean()).isTrue();
        assertThat(dry.get("clusters_found").asInt()).isEqualTo(1);
        assertThat(dry.get("patterns_created").asInt()).isPositive();
        assertThat(count("SELECT count(*) FROM memories")).isZero();

        JsonNode run = client.postJson(
                        "/tools/run_consolidation/execute", "{\"project\":\"shop\",\"strategy\":\"speed\"}")
                .body();

        assertThat(run.get("patterns_created").asInt())
                .isEqualTo(dry.get("patterns_created").asInt());
        assertThat(run.get("events_consolidated").asInt()).isEqualTo(4);
        JsonNode patterns = client.postJson(
                        "/tools/list_memories/execute", "{\"project\":\"shop\",\"memory_type\":\"pattern\"}")
                .body();
        assertThat(patterns.get("items"))
                .anySatisfy(m -> assertThat(m.get("content").asString()).startsWith("Decision:"));
    }

    @Test
    void withoutAReasoningServerBalancedStillCompletesWithHeuristics() {
        JsonNode run = client.postJson(
                        "/tools/run_consolidation/execute", "{\"project\":\"shop\",\"strategy\":\"quality\"}")
                .body();

        assertThat(run.get("skipped").asBoolean()).isFalse();
        assertThat(run.get("model_unavailable").asBoolean()).isTrue();
        assertThat(run.get("patterns_created").asInt()).isPositive();
        assertThat(run.get("events_awaiting_validation").asInt()).isEqualTo(4);
    }

    @Test
    void badParametersAre400s() {
        assertThat(client.postJson("/tools/run_consolidation/execute", "{\"strategy\":\"thorough\"}")
                        .body()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("strategy");
        assertThat(client.postJson("/tools/run_consolidation/execute", "{\"days_back\":0}")
                        .body()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("days_back");
    }
}
