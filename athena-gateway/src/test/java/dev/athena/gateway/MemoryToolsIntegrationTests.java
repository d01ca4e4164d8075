package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Every memory and event tool over REST: happy paths, and the 4xx answers for ids, cursors and confirmations. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MemoryToolsIntegrationTests extends DatabaseIntegrationTest {

    @LocalServerPort
    int port;

    GatewayClient client;

    @BeforeEach
    void client() {
        client = new GatewayClient(port);
    }

    private JsonNode ok(String tool, String json) {
        var response = client.postJson("/tools/" + tool + "/execute", json);
        assertThat(response.status()).as(tool + " " + response.raw()).isEqualTo(200);
        return response.body();
    }

    private GatewayClient.Response call(String tool, String json) {
        return client.postJson("/tools/" + tool + "/execute", json);
    }

    @Test
    void rememberWithEveryParameterThenGetShowsThemAll() {
        String id = ok("remember", """
                {"content":"We chose Flyway over \
                Liquibase","memory_type":"decision","tags":["db","tooling"],"importance":0.8,
                 "metadata":{"ticket":"OPS-12","reviewers":["ana","raj"]},"project":"athena","occurred_at":"2024-03-01T10:00:00Z"}
                """).get("id").asString();

        JsonNode memory = ok("get_memory", "{\"memory_id\":\"" + id + "\",\"project\":\"athena\"}");

        assertThat(memory.get("memory_type").asString()).isEqualTo("decision");
        assertThat(memory.get("tags").toString()).isEqualTo("[\"db\",\"tooling\"]");
        assertThat(memory.get("metadata").get("ticket").asString()).isEqualTo("OPS-12");
        assertThat(memory.get("occurred_at").asString()).isEqualTo("2024-03-01T10:00:00Z");
        assertThat(memory.get("state").asString()).isEqualTo("active");
        assertThat(memory.get("embedding_status").asString()).isEqualTo("embedded");
    }

    @Test
    void supersedeThenHistoryShowsBothSteps() {
        String older = ok("remember", "{\"content\":\"The cache TTL is 60 seconds\"}")
                .get("id")
                .asString();
        String newer = ok("remember", "{\"content\":\"The cache TTL is 300 seconds\",\"supersedes\":\"" + older + "\"}")
                .get("id")
                .asString();

        JsonNode history = ok("memory_history", "{\"memory_id\":\"" + older + "\"}");

        assertThat(history.get("entries"))
                .extracting(e -> e.get("action").asString())
                .containsExactly("created", "superseded");
        assertThat(history.get("entries")
                        .get(1)
                        .get("after")
                        .get("superseded_by")
                        .asString())
                .isEqualTo(newer);
        assertThat(ok("recall", "{\"query\":\"cache TTL\"}").get("results"))
                .extracting(r -> r.get("id").asString())
                .containsExactly(newer);
    }

    @Test
    void rememberBatchReturnsOneStatusPerItem() {
        JsonNode result = ok("remember_batch", """
                {"project":"p1","items":[{"content":"alpha"},{"content":"beta","memory_type":"context"},{"content":"alpha"}]}
                """);

        assertThat(result.get("results"))
                .extracting(r -> r.get("status").asString())
                .containsExactly("created", "created", "duplicate");
        assertThat(result.get("created").asInt()).isEqualTo(2);
        assertThat(result.get("duplicates").asInt()).isEqualTo(1);
    }

    @Test
    void aBadBatchItemIsA400NamingItsPositionAndWritesNothing() {
        var response = call(
                "remember_batch",
                "{\"items\":[{\"content\":\"fine\"},{\"content\":\"x\",\"memory_type\":\"gossip\"}]}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("items[1].memory_type");
        assertThat(count("SELECT count(*) FROM memories")).isZero();
    }

    @Test
    void listMemoriesPagesWithACursor() {
        for (int i = 0; i < 5; i++) {
            ok("remember", "{\"content\":\"note " + i + "\",\"memory_type\":\"context\"}");
        }
        List<String> contents = new ArrayList<>();
        JsonNode page = ok("list_memories", "{\"limit\":2}");
        page.get("items").forEach(m -> contents.add(m.get("content").asString()));
        while (!page.get("next_cursor").isNull()) {
            page = ok(
                    "list_memories",
                    "{\"limit\":2,\"cursor\":\"" + page.get("next_cursor").asString() + "\"}");
            page.get("items").forEach(m -> contents.add(m.get("content").asString()));
        }

        assertThat(contents).containsExactly("note 4", "note 3", "note 2", "note 1", "note 0");
    }

    @Test
    void forgetByIdAndByFilterThenPurge() {
        String a = ok("remember", "{\"content\":\"temp A\",\"tags\":[\"tmp\"]}")
                .get("id")
                .asString();
        ok("remember", "{\"content\":\"temp B\",\"tags\":[\"tmp\"]}");
        ok("remember", "{\"content\":\"temp C\",\"tags\":[\"tmp\"]}");

        assertThat(ok("forget", "{\"memory_id\":\"" + a + "\",\"reason\":\"done\"}")
                        .get("forgotten")
                        .asInt())
                .isEqualTo(1);
        assertThat(call("forget", "{\"tags\":[\"tmp\"]}").status()).isEqualTo(400);
        assertThat(ok("forget", "{\"tags\":[\"tmp\"],\"confirm\":true}")
                        .get("forgotten")
                        .asInt())
                .isEqualTo(2);
        assertThat(call("purge_memory", "{\"memory_id\":\"" + a + "\",\"confirm\":false}")
                        .status())
                .isEqualTo(400);
        assertThat(ok("purge_memory", "{\"memory_id\":\"" + a + "\",\"confirm\":true}")
                        .get("purged")
                        .asBoolean())
                .isTrue();
        assertThat(count("SELECT count(*) FROM memories")).isEqualTo(2);
    }

    @Test
    void unknownIdsAre404AndStateConflictsAre409() {
        String unknown = "{\"memory_id\":\"0190f0f0-0000-7000-8000-000000000000\"}";
        assertThat(call("get_memory", unknown).status()).isEqualTo(404);
        assertThat(call("memory_history", unknown).status()).isEqualTo(404);
        assertThat(call("forget", unknown).status()).isEqualTo(404);
        assertThat(call("get_memory", unknown).contentType()).startsWith("application/problem+json");

        String id = ok("remember", "{\"content\":\"to be forgotten twice\"}")
                .get("id")
                .asString();
        ok("forget", "{\"memory_id\":\"" + id + "\"}");
        var again = call("forget", "{\"memory_id\":\"" + id + "\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    void malformedIdsAndCursorsAre400NamingTheField() {
        assertThat(call("get_memory", "{\"memory_id\":\"not-a-uuid\"}")
                        .body()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("memory_id");
        assertThat(call("list_memories", "{\"cursor\":\"garbage\"}")
                        .body()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("cursor");
        assertThat(call("remember", "{\"content\":\"x\",\"occurred_at\":\"yesterday\"}")
                        .body()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("occurred_at");
        assertThat(call("remember", "{\"content\":\"x\",\"metadata\":[1]}")
                        .body()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("metadata");
        assertThat(count("SELECT count(*) FROM memories")).isZero();
    }

    @Test
    void eventsAreRecordedAndReadBackBySessionAndAsATimeline() {
        ok("record_event", """
                {"event_type":"error","content":"NPE in OrderService","outcome":"failure","session_id":"s-1",
                 "context":{"cwd":"/repo","files":["OrderService.java"],"task":"fix checkout","branch":"fix/npe"}}
                """);
        JsonNode batch = ok("batch_record_events", """
                {"events":[{"event_type":"file_change","content":"null check added","session_id":"s-1"},
                           {"event_type":"test_run","content":"all tests \
                pass","outcome":"success","session_id":"s-1","duration_ms":5400}]}
                """);
        assertThat(batch.get("recorded").asInt()).isEqualTo(2);

        JsonNode session = ok("recall_events", "{\"session_id\":\"s-1\"}");
        assertThat(session.get("events"))
                .extracting(e -> e.get("event_type").asString())
                .containsExactly("test_run", "file_change", "error");
        assertThat(session.get("events").get(2).get("context").get("branch").asString())
                .isEqualTo("fix/npe");

        JsonNode timeline = ok("get_timeline", "{\"days_back\":1}");
        assertThat(timeline.get("events")).hasSize(3);
        assertThat(call("record_event", "{\"event_type\":\"party\",\"content\":\"x\"}")
                        .body()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("event_type");
        assertThat(call("batch_record_events", "{\"events\":[{\"event_type\":\"action\",\"content\":\"\"}]}")
                        .body()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("events[0].content");
    }
}
