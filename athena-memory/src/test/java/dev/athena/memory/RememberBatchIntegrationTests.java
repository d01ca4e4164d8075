package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import dev.athena.memory.testing.SwitchableEmbeddingClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class RememberBatchIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    MemoryService memories;

    @Autowired
    SwitchableEmbeddingClient embedder;

    @Test
    void storesABatchWithOneStatusPerItemInOrder() {
        memories.remember(RememberRequest.of("Already known fact", MemoryType.FACT));

        List<RememberResult> results = memories.rememberBatch(
                null,
                List.of(
                        RememberRequest.of("First new fact about caching", MemoryType.FACT),
                        RememberRequest.of("Already known fact", MemoryType.FACT),
                        RememberRequest.of("Second new fact about queues", MemoryType.FACT),
                        RememberRequest.of("First new fact about caching", MemoryType.FACT)));

        assertThat(results)
                .extracting(RememberResult::status)
                .containsExactly(
                        RememberResult.Status.CREATED,
                        RememberResult.Status.DUPLICATE,
                        RememberResult.Status.CREATED,
                        RememberResult.Status.DUPLICATE);
        assertThat(results.get(3).id()).isEqualTo(results.get(0).id());
        assertThat(count("SELECT count(*) FROM memories")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM memory_history WHERE action = 'created'"))
                .isEqualTo(3);
    }

    @Test
    void embedsInBatchesRatherThanOneCallPerItem() {
        int before = embedder.calls();
        List<RememberRequest> items = IntStream.range(0, 150)
                .mapToObj(i -> RememberRequest.of("Service " + i + " listens on port " + (9000 + i), MemoryType.FACT))
                .toList();

        List<RememberResult> results = memories.rememberBatch(null, items);

        assertThat(results).allMatch(r -> r.status() == RememberResult.Status.CREATED);
        assertThat(embedder.calls() - before).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM memories WHERE embedding IS NOT NULL"))
                .isEqualTo(150);
    }

    @Test
    void oneInvalidItemRejectsTheWholeBatchNamingItsPositionAndNothingIsWritten() {
        List<RememberRequest> items = new ArrayList<>(
                List.of(RememberRequest.of("fine", MemoryType.FACT), RememberRequest.of("   ", MemoryType.FACT)));

        assertThatThrownBy(() -> memories.rememberBatch(null, items))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("items[1].content"));
        assertThat(count("SELECT count(*) FROM memories")).isZero();
    }

    @Test
    void rejectsEmptyAndOversizedBatches() {
        assertThatThrownBy(() -> memories.rememberBatch(null, List.of()))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("items"));
        List<RememberRequest> tooMany = IntStream.range(0, 1001)
                .mapToObj(i -> RememberRequest.of("m" + i, MemoryType.FACT))
                .toList();
        assertThatThrownBy(() -> memories.rememberBatch(null, tooMany))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.reason()).contains("1000"));
    }

    @Test
    void anItemForAnotherProjectIsRejected() {
        assertThatThrownBy(() -> memories.rememberBatch("alpha", List.of(RememberRequest.inProject("beta", "sneaky"))))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("items[0].project"));
        assertThat(count("SELECT count(*) FROM memories")).isZero();
    }
}
