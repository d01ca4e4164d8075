package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

import dev.athena.memory.TextIndexChanges.ChangedMemory;
import dev.athena.memory.TextIndexChanges.LexemesAndChanges;
import dev.athena.memory.TextIndexChanges.TextChanges;
import dev.athena.memory.testing.RandomVectors;
import org.junit.jupiter.api.Test;

/**
 * {@code vectors-max-heap-share} as the gateway applies it: graphs that would take more of the heap are not kept, and
 * recall then gets no in-process nearest neighbours (it searches pgvector's index) while BM25 still answers.
 */
class InProcessBm25VectorLimitTests {

    private static final PgSnapshot SNAPSHOT = PgSnapshot.parse("100:100:");
    private static final int DIMENSIONS = 64;
    private static final int MEMORIES = 2_000;

    private final TextIndexChanges changes = mock(TextIndexChanges.class);
    private final Random random = new Random(5);

    private InProcessBm25 loadedWithShare(double share) {
        InProcessBm25 index = new InProcessBm25(
                changes,
                new TextIndexProperties(true, Duration.ofSeconds(5), Duration.ofMinutes(30), true, share),
                RecallServiceTests.RECALL_PROPERTIES,
                Clock.systemUTC());
        when(changes.readAll(any())).thenAnswer(call -> {
            Consumer<ChangedMemory> memories = call.getArgument(0);
            for (int i = 0; i < MEMORIES; i++) {
                memories.accept(new ChangedMemory(
                        UUID.randomUUID(), "alpha", "alpha", true, Instant.EPOCH, null, Map.of("note", 1), vector()));
            }
            return SNAPSHOT;
        });
        when(changes.lexemesAndChanges(anyString(), any()))
                .thenReturn(new LexemesAndChanges(List.of("note"), new TextChanges(SNAPSHOT, false, List.of())));
        index.refresh();
        return index;
    }

    private float[] vector() {
        return RandomVectors.gaussian(random, DIMENSIONS);
    }

    @Test
    void graphsOverTheHeapShareAreNotKeptAndRecallAsksTheDatabaseForNeighbours() {
        // Less than the 2,000 vectors' worth of any heap a test runs with.
        double share = 1_000
                * ProjectVectorIndex.approximateBytesPerVector(DIMENSIONS)
                / (double) Runtime.getRuntime().maxMemory();
        InProcessBm25 index = loadedWithShare(share);

        assertThat(index.ready()).isTrue();
        assertThat(index.vectorsOverLimit()).isTrue();
        assertThat(index.vectorBytes()).isZero();
        assertThat(index.search("alpha", "note", vector(), 10, 10, 40)).isEmpty();
        assertThat(index.search("alpha", "note", 10))
                .hasValueSatisfying(hits -> assertThat(hits).hasSize(10));
    }

    @Test
    void graphsWithinTheHeapShareAnswer() {
        InProcessBm25 index = loadedWithShare(0.25);

        assertThat(index.vectorsOverLimit()).isFalse();
        assertThat(index.vectorBytes()).isPositive();
        assertThat(index.search("alpha", "note", vector(), 10, 10, 40))
                .hasValueSatisfying(hits -> assertThat(hits.nearest()).hasSize(10));
    }
}
