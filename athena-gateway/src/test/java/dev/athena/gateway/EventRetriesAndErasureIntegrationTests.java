package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A client that retries after a lost answer records an event once; events can be erased, over REST and MCP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventRetriesAndErasureIntegrationTests extends DatabaseIntegrationTest {

    private static final String EVENT = """
            {"event_type":"test_run","content":"mvn verify passed","session_id":"s-1","idempotency_key":"s-1-run-1"}""";
    private static final String BATCH = """
            {"events":[{"event_type":"error","content":"NPE","idempotency_key":"b-1"},
                       {"event_type":"file_change","content":"null check","idempotency_key":"b-2"}]}""";

    @LocalServerPort
    int port;

    @Test
    void overRestThreeRetriesOfRecordEventReturnTheFirstIdAndLeaveOneRow() {
        GatewayClient client = new GatewayClient(port);
        String first = client.postJson("/tools/record_event/execute", EVENT)
                .body()
                .get("id")
                .asString();
        for (int retry = 0; retry < 3; retry++) {
            var again = client.postJson("/tools/record_event/execute", EVENT);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body().get("id").asString()).isEqualTo(first);
        }
        assertThat(count("SELECT count(*) FROM episodic_events")).isEqualTo(1);
    }

    @Test
    void overRestARetriedBatchReturnsTheSameIds() {
        GatewayClient client = new GatewayClient(port);
        JsonNode first = client.postJson("/tools/batch_record_events/execute", BATCH)
                .body()
                .get("ids");
        JsonNode retried = client.postJson("/tools/batch_record_events/execute", BATCH)
                .body()
                .get("ids");

        assertThat(retried).isEqualTo(first);
        assertThat(count("SELECT count(*) FROM episodic_events")).isEqualTo(2);
    }

    @Test
    void overMcpRetriesAreIdempotentToo() {
        try (McpSyncClient mcp = McpTestClient.connect(port, Map.of())) {
            String first = McpTestClient.text(McpTestClient.call(mcp, "record_event", EVENT))
                    .get("id")
                    .asString();
            for (int retry = 0; retry < 3; retry++) {
                assertThat(McpTestClient.text(McpTestClient.call(mcp, "record_event", EVENT))
                                .get("id")
                                .asString())
                        .isEqualTo(first);
            }
            JsonNode ids = McpTestClient.text(McpTestClient.call(mcp, "batch_record_events", BATCH))
                    .get("ids");
            assertThat(McpTestClient.text(McpTestClient.call(mcp, "batch_record_events", BATCH))
                            .get("ids"))
                    .isEqualTo(ids);
        }
        assertThat(count("SELECT count(*) FROM episodic_events")).isEqualTo(3);
    }

    @Test
    void overRestEventsAreErasedByIdOrByConfirmedFilterWithHistory() {
        GatewayClient client = new GatewayClient(port);
        String id = client.postJson("/tools/record_event/execute", EVENT)
                .body()
                .get("id")
                .asString();
        client.postJson("/tools/batch_record_events/execute", BATCH);

        var erased = client.postJson(
                "/tools/erase_events/execute", "{\"event_id\":\"" + id + "\",\"reason\":\"erasure #1\"}");
        var again = client.postJson("/tools/erase_events/execute", "{\"event_id\":\"" + id + "\"}");
        var unconfirmed = client.postJson("/tools/erase_events/execute", "{\"event_type\":\"error\"}");
        var confirmed = client.postJson("/tools/erase_events/execute", "{\"event_type\":\"error\",\"confirm\":true}");
        var history = client.postJson("/tools/event_history/execute", "{\"event_id\":\"" + id + "\"}");

        assertThat(erased.status()).isEqualTo(200);
        assertThat(erased.body().get("count").asInt()).isEqualTo(1);
        assertThat(again.status()).isEqualTo(404);
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.body().get("errors").get(0).get("field").asString())
                .isEqualTo("confirm");
        assertThat(confirmed.body().get("count").asInt()).isEqualTo(1);
        assertThat(history.body().get("history").get(0).get("action").asString())
                .isEqualTo("erased");
        assertThat(history.body().get("history").get(0).get("reason").asString())
                .isEqualTo("erasure #1");
        assertThat(count("SELECT count(*) FROM episodic_events")).isEqualTo(1);
    }

    @Test
    void overMcpEventsAreErasedToo() {
        try (McpSyncClient mcp = McpTestClient.connect(port, Map.of())) {
            String id = McpTestClient.text(McpTestClient.call(mcp, "record_event", EVENT))
                    .get("id")
                    .asString();

            var erased = McpTestClient.call(mcp, "erase_events", "{\"event_id\":\"" + id + "\"}");
            var unconfirmed = McpTestClient.call(mcp, "erase_events", "{\"session_id\":\"s-1\"}");

            assertThat(McpTestClient.text(erased).get("erased").get(0).asString())
                    .isEqualTo(id);
            assertThat(unconfirmed.isError()).isTrue();
            assertThat(McpTestClient.text(unconfirmed).get("status").asInt()).isEqualTo(400);
        }
        assertThat(count("SELECT count(*) FROM episodic_events")).isZero();
    }
}
