package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.athena.memory.ProjectVectorIndex.VectorHit;
import dev.athena.memory.testing.Cosine;
import org.junit.jupiter.api.Test;

class ProjectVectorIndexTests {

    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");
    private static final int DIMENSIONS = 64;

    private final Random random = new Random(7);
    private final float[][] centres = centres(50);
    private final ProjectVectorIndex index = new ProjectVectorIndex(DIMENSIONS);
    /** What the index should hold, in put order. */
    private final Map<UUID, float[]> held = new LinkedHashMap<>();

    @Test
    void findsNearlyAllOfTheExactTenNearestAmongClusteredVectors() {
        putClustered(5_000);

        assertThat(recallAt10(100)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void answersBestFirstWithSimilaritiesCloseToTheExactCosine() {
        putClustered(2_000);

        for (int q = 0; q < 20; q++) {
            float[] query = clustered();
            List<VectorHit> hits = index.search(query, 10, 100, NOW);

            assertThat(hits).hasSize(10);
            assertThat(hits).extracting(VectorHit::similarity).isSortedAccordingTo(Comparator.reverseOrder());
            for (VectorHit hit : hits) {
                assertThat(hit.similarity()).isCloseTo(Cosine.similarity(query, held.get(hit.id())), within(0.02));
            }
        }
    }

    @Test
    void theHeapLimitAndTheGaugeMeasureAVectorAlike() {
        putClustered(4_096);

        // vectors-max-heap-share counts vectors by the one, athena_recall_vector_index_bytes reports the other.
        assertThat((double) index.estimatedBytes() / index.size())
                .isCloseTo(ProjectVectorIndex.approximateBytesPerVector(DIMENSIONS), withinPercentage(15));
    }

    @Test
    void aVectorIsFoundFromTheMomentItIsPutAndLinkedLater() {
        putClustered(2_000);
        List<UUID> fresh = putUnlinked(50);

        assertThat(index.pending()).isEqualTo(50);
        for (UUID id : fresh) {
            assertThat(index.search(held.get(id), 1, 100, NOW))
                    .extracting(VectorHit::id)
                    .containsExactly(id);
        }

        assertThat(index.linkPending(20)).isEqualTo(20);
        assertThat(index.pending()).isEqualTo(30);
        assertThat(index.linkPending(Integer.MAX_VALUE)).isEqualTo(30);
        assertThat(index.pending()).isZero();
        for (UUID id : fresh) {
            assertThat(index.search(held.get(id), 1, 100, NOW))
                    .extracting(VectorHit::id)
                    .containsExactly(id);
        }
    }

    @Test
    void halfOfTheVectorsWaitingToBeLinkedStillFindsTheNearest() {
        putClustered(2_500);
        putUnlinked(2_500);

        assertThat(index.pending()).isEqualTo(2_500);
        assertThat(recallAt10(100)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aVectorPutBeforeTheFirstIsLinkedIsComparedWithEveryOther() {
        putUnlinked(500);

        // A beam of 10 in a graph of 500 would miss some; comparing with all 500 misses only near ties of the codes.
        assertThat(recallAt10(10)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void holdsTellsWhetherApplyingTheSameVectorAgainWouldChangeAnything() {
        putClustered(200);
        UUID id = held.keySet().iterator().next();
        float[] vector = held.get(id).clone();
        float[] scaled = vector.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 3;
        }
        float[] other = clustered();

        assertThat(index.holds(id, vector, null)).isTrue();
        assertThat(index.holds(id, scaled, null))
                .as("the same direction quantizes the same")
                .isTrue();
        assertThat(index.holds(id, other, null)).isFalse();
        assertThat(index.holds(id, vector, NOW)).as("another end of validity").isFalse();
        assertThat(index.holds(UUID.randomUUID(), vector, null)).isFalse();
        index.remove(id);
        assertThat(index.holds(id, vector, null)).isFalse();
    }

    @Test
    void aSmallIndexIsSearchedExactly() {
        putClustered(80);
        float[] query = clustered();

        List<VectorHit> hits = index.search(query, 10, 100, NOW);

        assertThat(hits).extracting(VectorHit::id).containsExactlyElementsOf(exactTop(query, 10));
    }

    @Test
    void putWithAHeldIdReplacesItsVector() {
        putClustered(2_000);
        UUID id = held.keySet().iterator().next();
        float[] before = held.get(id);
        float[] after = new float[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            after[i] = -before[i];
        }

        index.put(id, after, null);
        held.put(id, after);

        assertThat(index.size()).isEqualTo(2_000);
        assertThat(index.contains(id)).isTrue();
        assertThat(index.search(after, 1, 100, NOW)).extracting(VectorHit::id).containsExactly(id);
        List<VectorHit> nearBefore = index.search(before, 10, 100, NOW);
        assertThat(nearBefore).extracting(VectorHit::id).doesNotContain(id);
        assertThat(nearBefore.get(0).similarity())
                .isCloseTo(Cosine.similarity(before, held.get(nearBefore.get(0).id())), within(0.02));
    }

    @Test
    void aRemovedVectorIsNeverReturnedAndTheRestAreStillFound() {
        putClustered(3_000);
        // Fewer than the rebuild needs: the removed stay in the graph as tombstones, walked through but not returned.
        List<UUID> removed = new ArrayList<>(held.keySet()).subList(0, 1_000);
        for (UUID id : removed) {
            assertThat(index.remove(id)).isTrue();
        }
        List<float[]> removedVectors = new ArrayList<>();
        for (UUID id : removed) {
            removedVectors.add(held.remove(id));
        }

        assertThat(index.size()).isEqualTo(2_000);
        assertThat(index.contains(removed.get(0))).isFalse();
        assertThat(index.remove(removed.get(0))).isFalse();
        assertThat(index.remove(UUID.randomUUID())).isFalse();
        for (float[] vector : removedVectors.subList(0, 50)) {
            assertThat(index.search(vector, 10, 100, NOW))
                    .extracting(VectorHit::id)
                    .doesNotContainAnyElementsOf(removed);
        }
        assertThat(recallAt10(100)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void manyRemovalsRebuildTheGraphFromTheLiveVectors() {
        putClustered(5_000);
        long before = index.estimatedBytes();
        List<UUID> removed = new ArrayList<>(held.keySet()).subList(0, 4_000);
        for (UUID id : new ArrayList<>(removed)) {
            index.remove(id);
            held.remove(id);
        }
        assertThat(index.estimatedBytes()).as("before the compaction").isGreaterThan(before / 2);

        assertThat(index.compact()).isTrue();

        assertThat(index.compact()).as("nothing left to compact").isFalse();
        assertThat(index.size()).isEqualTo(1_000);
        // Without the rebuild only the removed ids' entries would go: the codes and links of 5,000 would stay.
        assertThat(index.estimatedBytes()).isLessThan(before / 3);
        assertThat(recallAt10(100)).isGreaterThanOrEqualTo(0.95);
        for (UUID id : held.keySet()) {
            assertThat(index.search(held.get(id), 1, 100, NOW))
                    .extracting(VectorHit::id)
                    .containsExactly(id);
        }
    }

    @Test
    void removingTheLastVectorEmptiesTheIndexAndItFillsAgain() {
        UUID first = UUID.randomUUID();
        index.put(first, clustered(), null);
        index.remove(first);

        assertThat(index.size()).isZero();
        assertThat(index.search(clustered(), 10, 100, NOW)).isEmpty();

        putClustered(1_000);
        assertThat(recallAt10(20)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void leavesOutVectorsWhoseValidityEnded() {
        float[] query = clustered();
        UUID ended = UUID.randomUUID();
        UUID endsLater = UUID.randomUUID();
        index.put(ended, query, NOW.minusSeconds(1));
        index.put(endsLater, query, NOW.plusSeconds(1));

        assertThat(index.search(query, 10, 100, NOW)).extracting(VectorHit::id).containsExactly(endsLater);
        assertThat(index.search(query, 10, 100, NOW.minusSeconds(2)))
                .extracting(VectorHit::id)
                .containsExactly(ended, endsLater);
    }

    @Test
    void walksThroughEndedVectorsInALargeIndexButNeverReturnsThem() {
        List<UUID> endedIds = new ArrayList<>();
        Map<UUID, float[]> current = new LinkedHashMap<>();
        for (int i = 0; i < 2_000; i++) {
            UUID id = UUID.randomUUID();
            float[] vector = clustered();
            boolean ended = i % 2 == 0;
            index.put(id, vector, ended ? NOW : null);
            if (ended) {
                endedIds.add(id);
            } else {
                current.put(id, vector);
            }
        }
        held.putAll(current);
        index.linkPending(Integer.MAX_VALUE);

        for (int q = 0; q < 30; q++) {
            assertThat(index.search(clustered(), 10, 100, NOW))
                    .hasSize(10)
                    .extracting(VectorHit::id)
                    .doesNotContainAnyElementsOf(endedIds);
        }
        assertThat(recallAt10(50)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aLimitAboveTheLiveCountReturnsEveryLiveVector() {
        putClustered(300);

        assertThat(index.search(clustered(), 1_000, 10, NOW))
                .extracting(VectorHit::id)
                .containsExactlyInAnyOrderElementsOf(held.keySet());
    }

    @Test
    void anEmptyIndexALimitOfZeroAndAZeroQueryFindNothing() {
        assertThat(index.search(clustered(), 10, 100, NOW)).isEmpty();

        putClustered(10);

        assertThat(index.search(clustered(), 0, 100, NOW)).isEmpty();
        assertThat(index.search(new float[DIMENSIONS], 10, 100, NOW)).isEmpty();
        assertThat(index.dimensions()).isEqualTo(DIMENSIONS);
    }

    @Test
    void rejectsVectorsItCannotCompare() {
        UUID id = UUID.randomUUID();
        float[] withNaN = clustered();
        withNaN[3] = Float.NaN;

        assertThatThrownBy(() -> index.put(id, new float[DIMENSIONS + 1], null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65 dimensions")
                .hasMessageContaining("64");
        assertThatThrownBy(() -> index.search(new float[3], 10, 100, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 dimensions");
        assertThatThrownBy(() -> index.put(id, new float[DIMENSIONS], null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("all zeros");
        assertThatThrownBy(() -> index.put(id, withNaN, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-finite");
        assertThatThrownBy(() -> new ProjectVectorIndex(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(index.size()).isZero();
        assertThat(index.contains(id)).isFalse();
    }

    @Test
    void aRejectedReplacementKeepsTheHeldVector() {
        UUID id = UUID.randomUUID();
        float[] vector = clustered();
        index.put(id, vector, null);

        assertThatThrownBy(() -> index.put(id, new float[DIMENSIONS], null))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(index.search(vector, 1, 10, NOW)).extracting(VectorHit::id).containsExactly(id);
    }

    @Test
    void theSamePutsBuildIndexesThatAnswerTheSame() {
        ProjectVectorIndex other = new ProjectVectorIndex(DIMENSIONS);
        for (int i = 0; i < 1_000; i++) {
            UUID id = UUID.randomUUID();
            float[] vector = clustered();
            index.put(id, vector, null);
            other.put(id, vector, null);
            if (i % 5 == 0) {
                UUID gone = UUID.randomUUID();
                index.put(gone, vector, null);
                other.put(gone, vector, null);
                index.remove(gone);
                other.remove(gone);
            }
        }

        index.linkPending(Integer.MAX_VALUE);
        other.linkPending(Integer.MAX_VALUE);

        // A narrow beam, where two different graphs would answer differently.
        for (int q = 0; q < 50; q++) {
            float[] query = clustered();
            assertThat(other.search(query, 10, 10, NOW)).isEqualTo(index.search(query, 10, 10, NOW));
        }
    }

    /** Puts {@code count} clustered vectors and links them all into the graph. */
    private void putClustered(int count) {
        putUnlinked(count);
        index.linkPending(Integer.MAX_VALUE);
    }

    private List<UUID> putUnlinked(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            float[] vector = clustered();
            index.put(id, vector, null);
            held.put(id, vector);
            ids.add(id);
        }
        return ids;
    }

    /** The mean share of the exact ten nearest held vectors that a search at {@code ef} finds. */
    private double recallAt10(int ef) {
        int queries = 100;
        double found = 0;
        for (int q = 0; q < queries; q++) {
            float[] query = clustered();
            List<UUID> exact = exactTop(query, 10);
            List<UUID> approximate =
                    index.search(query, 10, ef, NOW).stream().map(VectorHit::id).toList();
            found += approximate.stream().filter(exact::contains).count() / 10.0;
        }
        return found / queries;
    }

    private List<UUID> exactTop(float[] query, int k) {
        List<UUID> ids = new ArrayList<>(held.keySet());
        double[] similarities = new double[ids.size()];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            similarities[i] = Cosine.similarity(query, held.get(ids.get(i)));
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> -similarities[i]));
        return order.subList(0, Math.min(k, order.size())).stream()
                .map(ids::get)
                .toList();
    }

    private float[][] centres(int count) {
        float[][] result = new float[count][DIMENSIONS];
        for (float[] centre : result) {
            for (int i = 0; i < DIMENSIONS; i++) {
                centre[i] = (float) random.nextGaussian();
            }
        }
        return result;
    }

    /** A point near a random centre, as embeddings of related texts sit near each other. */
    private float[] clustered() {
        float[] centre = centres[random.nextInt(centres.length)];
        float[] vector = new float[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            vector[i] = centre[i] + (float) (0.5 * random.nextGaussian());
        }
        return vector;
    }
}
