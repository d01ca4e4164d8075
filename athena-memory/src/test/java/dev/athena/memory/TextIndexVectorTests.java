package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.athena.memory.ProjectVectorIndex.VectorHit;
import dev.athena.memory.TextIndexChanges.ChangedMemory;
import dev.athena.memory.TextIndexChanges.TextChanges;
import dev.athena.memory.testing.RandomVectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How {@link TextIndex} keeps each project's vector graph in step with the changes it applies: a new vector is found
 * before it is linked, a change read twice (by two recalls that started together) costs no second graph insertion, and
 * a memory that leaves takes its vector along.
 */
class TextIndexVectorTests {

    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");
    private static final int DIMENSIONS = 32;

    private final Random random = new Random(11);
    private final TextIndex index = new TextIndex();
    private long xid = 100;

    @BeforeEach
    void loadedEmpty() {
        index.load(nextSnapshot(), new TextIndex.Load(), NOW);
    }

    private PgSnapshot nextSnapshot() {
        xid++;
        return PgSnapshot.parse(xid + ":" + xid + ":");
    }

    private float[] randomVector() {
        return RandomVectors.gaussian(random, DIMENSIONS);
    }

    private static ChangedMemory active(UUID id, String project, float[] embedding) {
        return new ChangedMemory(id, project, project, true, NOW, null, Map.of("note", 1), embedding);
    }

    private static ChangedMemory gone(UUID id, String project) {
        return new ChangedMemory(id, project, null, false, null, null, Map.of(), null);
    }

    private boolean apply(List<ChangedMemory> changes) {
        return index.apply(new TextChanges(nextSnapshot(), false, changes), NOW);
    }

    private List<UUID> nearest(String project, float[] query, int limit) {
        return index.nearest(project, query, limit, 40, NOW).orElseThrow().stream()
                .map(VectorHit::id)
                .toList();
    }

    @Test
    void aNewVectorIsFoundBeforeTheBackgroundLinksIt() {
        List<ChangedMemory> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            batch.add(active(UUID.randomUUID(), "alpha", randomVector()));
        }

        assertThat(apply(batch)).isTrue();

        for (ChangedMemory memory : batch.subList(0, 20)) {
            assertThat(nearest("alpha", memory.embedding(), 1)).containsExactly(memory.id());
        }
        assertThat(index.linkPending(100)).isEqualTo(100);
        assertThat(index.linkPending(Integer.MAX_VALUE)).isEqualTo(200);
        assertThat(index.linkPending(Integer.MAX_VALUE)).isZero();
        for (ChangedMemory memory : batch.subList(0, 20)) {
            assertThat(nearest("alpha", memory.embedding(), 1)).containsExactly(memory.id());
        }
    }

    @Test
    void aChangeReadTwiceCostsNoSecondGraphInsertion() {
        List<ChangedMemory> batch = List.of(
                active(UUID.randomUUID(), "alpha", randomVector()), active(UUID.randomUUID(), "alpha", randomVector()));
        apply(batch);
        assertThat(index.linkPending(Integer.MAX_VALUE)).isEqualTo(2);

        apply(batch);

        assertThat(index.linkPending(Integer.MAX_VALUE)).as("vectors put again").isZero();
        assertThat(nearest("alpha", batch.get(1).embedding(), 2))
                .hasSize(2)
                .startsWith(batch.get(1).id());
    }

    @Test
    void aNewEmbeddingReplacesTheVectorItsMemoryHad() {
        UUID id = UUID.randomUUID();
        float[] before = randomVector();
        float[] after = randomVector();
        UUID other = UUID.randomUUID();
        apply(List.of(active(id, "alpha", before), active(other, "alpha", randomVector())));

        apply(List.of(active(id, "alpha", after)));

        assertThat(index.linkPending(Integer.MAX_VALUE)).isEqualTo(3);
        assertThat(index.nearest("alpha", after, 1, 40, NOW).orElseThrow())
                .singleElement()
                .satisfies(hit -> {
                    assertThat(hit.id()).isEqualTo(id);
                    assertThat(hit.similarity()).isGreaterThan(0.99);
                });
    }

    @Test
    void aMemoryThatLeavesTakesItsVectorAlongAndAnEmptiedProjectIsDropped() {
        UUID stays = UUID.randomUUID();
        UUID leaves = UUID.randomUUID();
        float[] leavingVector = randomVector();
        apply(List.of(active(stays, "alpha", randomVector()), active(leaves, "alpha", leavingVector)));

        apply(List.of(gone(leaves, "alpha")));

        assertThat(nearest("alpha", leavingVector, 5)).containsExactly(stays);
        apply(List.of(gone(stays, "alpha")));
        assertThat(nearest("alpha", leavingVector, 5)).isEmpty();
        assertThat(index.vectorBytes()).isZero();
    }

    @Test
    void aMemoryWithoutAnEmbeddingIsFoundByTextButNotByVector() {
        UUID pending = UUID.randomUUID();

        apply(List.of(active(pending, "alpha", null)));

        assertThat(index.activeMemories("alpha")).hasValue(1);
        assertThat(nearest("alpha", randomVector(), 5)).isEmpty();
        assertThat(index.linkPending(Integer.MAX_VALUE)).isZero();
    }

    @Test
    void anEmbeddingWithNoDirectionIsLeftOutInsteadOfFailingTheApply() {
        UUID zero = UUID.randomUUID();
        UUID fine = UUID.randomUUID();
        float[] vector = randomVector();

        assertThat(apply(List.of(active(zero, "alpha", new float[DIMENSIONS]), active(fine, "alpha", vector))))
                .isTrue();

        assertThat(nearest("alpha", vector, 5)).containsExactly(fine);
    }

    /** A limit of this many vectors of {@link #DIMENSIONS}, in the index's own measure. */
    private static long roomFor(int vectors) {
        return vectors * ProjectVectorIndex.approximateBytesPerVector(DIMENSIONS);
    }

    private List<ChangedMemory> newMemories(String project, int count) {
        List<ChangedMemory> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(active(UUID.randomUUID(), project, randomVector()));
        }
        return batch;
    }

    @Test
    void graphsThatOutgrowTheirLimitAreDroppedAndTextSearchGoesOn() {
        TextIndex limited = new TextIndex(roomFor(100));
        limited.load(nextSnapshot(), new TextIndex.Load(), NOW);
        List<ChangedMemory> first = newMemories("alpha", 60);
        limited.apply(new TextChanges(nextSnapshot(), false, first), NOW);
        assertThat(limited.vectorsOverLimit()).isFalse();
        assertThat(limited.nearest("alpha", first.get(0).embedding(), 1, 40, NOW))
                .hasValueSatisfying(hits -> assertThat(hits)
                        .extracting(VectorHit::id)
                        .containsExactly(first.get(0).id()));

        // 120 in two projects: over the room for 100.
        limited.apply(new TextChanges(nextSnapshot(), false, newMemories("beta", 60)), NOW);

        assertThat(limited.vectorsOverLimit()).isTrue();
        assertThat(limited.nearest("alpha", first.get(0).embedding(), 1, 40, NOW))
                .as("empty: recall asks pgvector's index instead")
                .isEmpty();
        assertThat(limited.vectorBytes()).isZero();
        assertThat(limited.linkPending(Integer.MAX_VALUE)).isZero();
        limited.apply(new TextChanges(nextSnapshot(), false, newMemories("gamma", 5)), NOW);
        assertThat(limited.vectorBytes())
                .as("no vector is held again until the next load")
                .isZero();
        assertThat(limited.activeMemories("alpha")).hasValue(60);
        assertThat(limited.search("gamma", List.of("note"), 10, 1.2, 0.75, NOW))
                .hasValueSatisfying(hits -> assertThat(hits).hasSize(5));
    }

    @Test
    void aLoadOverTheLimitHoldsNoGraphsAndALoadUnderItDoes() {
        TextIndex limited = new TextIndex(roomFor(100));
        TextIndex.Load over = limited.newLoad();
        newMemories("alpha", 101).forEach(over::add);

        limited.load(nextSnapshot(), over, NOW);

        assertThat(limited.vectorsOverLimit()).isTrue();
        assertThat(limited.nearest("alpha", randomVector(), 5, 40, NOW)).isEmpty();
        assertThat(limited.vectorBytes()).isZero();
        assertThat(limited.activeMemories("alpha")).hasValue(101);

        TextIndex.Load under = limited.newLoad();
        List<ChangedMemory> fewer = newMemories("alpha", 100);
        fewer.forEach(under::add);
        limited.load(nextSnapshot(), under, NOW);

        assertThat(limited.vectorsOverLimit()).as("a new load decides again").isFalse();
        assertThat(limited.nearest("alpha", fewer.get(7).embedding(), 1, 40, NOW))
                .hasValueSatisfying(hits -> assertThat(hits)
                        .extracting(VectorHit::id)
                        .containsExactly(fewer.get(7).id()));
    }
}
