package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import dev.athena.memory.testing.SwitchableEmbeddingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class PendingEmbeddingIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    MemoryService memories;

    @Autowired
    RecallService recall;

    @Autowired
    EmbeddingBackfill backfill;

    @Autowired
    SwitchableEmbeddingClient embedder;

    @AfterEach
    void embedderBack() {
        embedder.comeBack();
    }

    @Test
    void rememberSucceedsWhileTheEmbedderIsDownAndTheMemoryIsFoundByFullTextAtOnce() {
        embedder.goDown();

        RememberResult result =
                memories.remember(RememberRequest.of("The nightly backup runs at 02:00 UTC", MemoryType.FACT));

        assertThat(result.status()).isEqualTo(RememberResult.Status.PENDING_EMBEDDING);
        RecallResult found = recall.recall(RecallRequest.of("nightly backup", 5));
        assertThat(found.degraded()).isTrue();
        assertThat(found.memories()).extracting(RecalledMemory::id).containsExactly(result.id());
        assertThat(backfill.pendingCount()).isEqualTo(1);
    }

    @Test
    void theBackfillEmbedsPendingMemoriesWhenTheEmbedderIsBack() {
        embedder.goDown();
        List<UUID> ids = memories
                .rememberBatch(
                        null,
                        List.of(
                                RememberRequest.of("Grafana runs on port 3000", MemoryType.FACT),
                                RememberRequest.of("Prometheus scrapes every 15 seconds", MemoryType.FACT),
                                RememberRequest.of("Alerts go to the #ops channel", MemoryType.FACT)))
                .stream()
                .map(RememberResult::id)
                .toList();

        assertThat(backfill.embedPending()).isZero();
        assertThat(backfill.pendingCount()).isEqualTo(3);

        embedder.comeBack();
        assertThat(backfill.embedPending()).isEqualTo(3);

        assertThat(backfill.pendingCount()).isZero();
        assertThat(count("SELECT count(*) FROM memories WHERE embedding_model = 'e5-small-v2-q'"))
                .isEqualTo(3);
        RecallResult found = recall.recall(RecallRequest.of("Where do alert notifications get sent?", 1));
        assertThat(found.degraded()).isFalse();
        assertThat(found.memories()).extracting(RecalledMemory::id).containsExactly(ids.get(2));
    }

    @Test
    void anExactDuplicateIsRecognisedEvenWhileTheEmbedderIsDown() {
        UUID first = memories.remember(RememberRequest.of("Kafka retention is 7 days", MemoryType.FACT))
                .id();
        embedder.goDown();

        RememberResult again = memories.remember(RememberRequest.of("Kafka retention is 7 days", MemoryType.FACT));

        assertThat(again.id()).isEqualTo(first);
        assertThat(again.status()).isEqualTo(RememberResult.Status.DUPLICATE);
    }
}
