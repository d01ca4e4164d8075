package dev.athena.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.athena.memory.EmbeddingBackfill;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The llama.cpp embedding server goes away in the middle of a write load, in each of the ways it can (connections
 * reset, 503 while it reloads its model, the process gone) and comes back: writes go on being acknowledged as
 * {@code pending_embedding} within the embed timeout, recall answers from full text and says {@code degraded}, and once
 * the server is back the backfill job embeds the backlog, so that every acknowledged memory ends up stored with its
 * vector.
 */
class EmbeddingServerOutageIntegrationTests extends LlamaCppServersIntegrationTest {

    private static final String PROJECT = "embedding-outage";
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(20);

    @Autowired
    EmbeddingBackfill backfill;

    @Test
    void writesAreAcknowledgedAsPendingWhileTheServerIsDownAndEveryOneIsEmbeddedWhenItReturns() {
        try (RememberLoad load = new RememberLoad(client, PROJECT, 3, Duration.ofSeconds(60)).start()) {
            load.awaitMoreAcknowledged(15, PHASE_TIMEOUT);

            long outageStart = System.nanoTime();
            embeddingServer.resetConnections();
            assertDegradedButFindable("crashed");
            load.awaitMoreAcknowledged(15, PHASE_TIMEOUT);
            assertThat(embeddingServer.requestsReceived())
                    .as("requests met the reset connections")
                    .isPositive();

            embeddingServer.loadModel();
            // The breaker, open after the resets, lets a trial call through every few hundred milliseconds.
            await().atMost(PHASE_TIMEOUT).until(() -> embeddingServer.requestsReceived() > 0);
            assertDegradedButFindable("reloading");
            load.awaitMoreAcknowledged(15, PHASE_TIMEOUT);

            embeddingServer.stop();
            assertDegradedButFindable("stopped");
            load.awaitMoreAcknowledged(15, PHASE_TIMEOUT);
            long outageEnd = System.nanoTime();
            assertThat(backfill.pendingCount()).isPositive();

            embeddingServer.answer();
            load.awaitMoreAcknowledged(15, PHASE_TIMEOUT);
            load.stop();

            List<RememberLoad.Call> calls = load.calls();
            assertThat(calls)
                    .as("every write is acknowledged, whatever the embedder does")
                    .allSatisfy(call -> assertThat(call.status()).as(call.raw()).isEqualTo(200));
            // Each call waits for the embedder at most the embed timeout (per batch of texts), then stores without it.
            assertThat(calls.stream()
                            .filter(call -> call.startedNanos() >= outageStart && call.startedNanos() < outageEnd))
                    .isNotEmpty()
                    .allSatisfy(
                            call -> assertThat(call.latency()).isLessThan(Duration.ofMillis(EMBED_TIMEOUT_MS + 2_500)));
            assertThat(load.acknowledged().values())
                    .extracting(RememberLoad.Acknowledged::status)
                    .contains("created", "pending_embedding")
                    .containsOnly("created", "pending_embedding");

            await().atMost(Duration.ofSeconds(30)).until(() -> backfill.pendingCount() == 0);
            assertEveryAcknowledgedMemoryIsStoredWithItsVector(load.acknowledged());
        }
        JsonNode recalled = recall("checklist item verified on host");
        assertThat(recalled.get("degraded").asBoolean()).isFalse();
        assertThat(recalled.get("results")).isNotEmpty();
    }

    /** A memory written now is stored pending, and recall finds it by full text alone, saying so. */
    private void assertDegradedButFindable(String state) {
        String marker = "outage" + state + System.nanoTime();
        JsonNode remembered = client.postJson(
                        "/tools/remember/execute",
                        "{\"project\":\"" + PROJECT + "\",\"content\":\"While the embedder was " + state
                                + " the release train " + marker + " was frozen\"}")
                .body();
        assertThat(remembered.get("status").asString()).isEqualTo("pending_embedding");

        JsonNode recalled = recall(marker);

        assertThat(recalled.get("degraded").asBoolean()).isTrue();
        assertThat(recalled.get("results"))
                .extracting(result -> result.get("id").asString())
                .contains(remembered.get("id").asString());
    }

    private JsonNode recall(String query) {
        var response = client.postJson(
                "/tools/recall/execute", "{\"project\":\"" + PROJECT + "\",\"query\":\"" + query + "\",\"k\":10}");
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body();
    }

    private void assertEveryAcknowledgedMemoryIsStoredWithItsVector(
            Map<String, RememberLoad.Acknowledged> acknowledged) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT id::text AS id, content, embedding IS NOT NULL AS embedded, embedding_model,
                       (SELECT count(*) FROM memory_history h WHERE h.memory_id = m.id AND h.action = 'created') AS
                           created_entries
                FROM memories m WHERE project = ? AND content LIKE 'Reliability note %'""", PROJECT);
        assertThat(rows)
                .extracting(row -> (String) row.get("id"))
                .containsExactlyInAnyOrderElementsOf(acknowledged.keySet());
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("content"))
                    .isEqualTo(acknowledged.get((String) row.get("id")).content());
            assertThat(row.get("embedded"))
                    .as("memory %s has its vector", row.get("id"))
                    .isEqualTo(true);
            assertThat(row.get("embedding_model")).isEqualTo("nomic-embed-text-v1.5");
            assertThat(row.get("created_entries")).isEqualTo(1L);
        });
        // The vector is the one the server computes for the document text, whether it was written at once or later.
        for (RememberLoad.Acknowledged memory : acknowledged.values()) {
            Double distance = jdbc.queryForObject(
                    "SELECT embedding <=> ?::vector FROM memories WHERE id = ?::uuid",
                    Double.class,
                    Arrays.toString(LlamaCppEmbeddingServer.vectorOf("search_document: " + memory.content())),
                    memory.id());
            assertThat(distance)
                    .as("cosine distance of %s to its expected vector", memory.id())
                    .isLessThan(1e-4);
        }
        assertThat(Set.copyOf(jdbc.queryForList(
                        "SELECT DISTINCT state FROM memories WHERE project = ?", String.class, PROJECT)))
                .containsOnly("active");
    }
}
