package dev.athena.embedding.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class NomicPrefixBenchmarkTests {

    @Test
    void scoresRecallAtOneAndMeanReciprocalRank() {
        List<float[]> documents = List.of(new float[] {1, 0, 0}, new float[] {0, 1, 0}, new float[] {0, 0, 1});
        List<float[]> queries = List.of(
                new float[] {0.9f, 0.1f, 0}, // its document first
                new float[] {0.8f, 0.6f, 0}, // its document second, behind document 0
                new float[] {0.6f, 0.5f, 0.4f}); // its document third

        NomicPrefixBenchmark.Scores scores = NomicPrefixBenchmark.score(documents, queries);

        assertThat(scores.recallAt1()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(scores.meanReciprocalRank()).isCloseTo((1 + 0.5 + 1.0 / 3) / 3, within(1e-9));
    }

    @Test
    void pairsEveryMemoryWithADistinctQuery() {
        assertThat(NomicPrefixBenchmark.PAIRS).hasSizeGreaterThanOrEqualTo(20);
        assertThat(NomicPrefixBenchmark.PAIRS.stream()
                        .map(NomicPrefixBenchmark.Pair::query)
                        .distinct())
                .hasSameSizeAs(NomicPrefixBenchmark.PAIRS);
    }
}
