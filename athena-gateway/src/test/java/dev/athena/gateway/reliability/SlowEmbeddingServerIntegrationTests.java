package dev.athena.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.athena.gateway.GatewayClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A llama.cpp embedding server that takes seconds per call (CPU inference with every slot busy; llama.cpp queues
 * without limit) never holds a call longer than {@code athena.memory.embed-timeout}: recall answers from full text
 * within the timeout plus the database's share, and says {@code degraded}; remember stores the memory pending. The
 * margin is generous (a loaded 2-core machine) but far below the server's delay, so a call that waited for the server
 * could not pass.
 */
class SlowEmbeddingServerIntegrationTests extends LlamaCppServersIntegrationTest {

    private static final String PROJECT = "slow-embedder";
    private static final Duration SERVER_DELAY = Duration.ofSeconds(6);
    private static final Duration BOUND = Duration.ofMillis(EMBED_TIMEOUT_MS + 2_000);

    private String storedId;

    @BeforeEach
    void storeAMemoryWhileTheServerIsFast() {
        var remembered = client.postJson(
                "/tools/remember/execute",
                "{\"project\":\"" + PROJECT + "\","
                        + "\"content\":\"The staging cluster rotates its TLS certificates every Sunday night\"}");
        assertThat(remembered.body().get("status").asString()).isIn("created", "pending_embedding");
        storedId = remembered.body().get("id").asString();
        embeddingServer.answerAfter(SERVER_DELAY);
    }

    @Test
    void recallAnswersWithinTheEmbedTimeoutFromFullTextAndSaysDegraded() {
        for (int i = 0; i < 4; i++) {
            TimedCall call = recall(client, "When are the TLS certificates rotated? (asked " + i + ")");

            assertThat(call.elapsed()).isLessThan(BOUND);
            assertThat(call.response().status()).isEqualTo(200);
            assertThat(call.response().body().get("degraded").asBoolean()).isTrue();
            assertThat(call.response().body().get("results"))
                    .extracting(r -> r.get("id").asString())
                    .containsExactly(storedId);
        }
    }

    @Test
    void concurrentRecallsAreEachBoundedByTheTimeoutToo() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<TimedCall>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String query = "TLS certificates rotation, concurrent question " + i;
                calls.add(CompletableFuture.supplyAsync(() -> recall(client, query), callers));
            }
            for (CompletableFuture<TimedCall> call : calls) {
                TimedCall done = call.get(30, TimeUnit.SECONDS);
                assertThat(done.elapsed()).isLessThan(BOUND);
                assertThat(done.response().body().get("degraded").asBoolean()).isTrue();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void rememberStoresTheMemoryPendingWithinTheTimeout() {
        long start = System.nanoTime();
        var remembered = client.postJson(
                "/tools/remember/execute",
                "{\"project\":\"" + PROJECT + "\","
                        + "\"content\":\"The on-call rotation changes every Monday at 09:00 UTC\"}");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(elapsed).isLessThan(BOUND);
        assertThat(remembered.body().get("status").asString()).isEqualTo("pending_embedding");
    }

    private record TimedCall(GatewayClient.Response response, Duration elapsed) {}

    private static TimedCall recall(GatewayClient client, String query) {
        long start = System.nanoTime();
        var response = client.postJson(
                "/tools/recall/execute", "{\"project\":\"" + PROJECT + "\",\"query\":\"" + query + "\"}");
        return new TimedCall(response, Duration.ofNanos(System.nanoTime() - start));
    }
}
