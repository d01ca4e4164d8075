package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.DoubleUnaryOperator;

import dev.athena.memory.RecallQueries.Candidate;
import org.junit.jupiter.api.Test;

class FusionTests {

    private static final RecallProperties MINMAX = new RecallProperties(
            50,
            RecallProperties.FusionMethod.MINMAX,
            0.7,
            0.3,
            60,
            RecallProperties.TextRanking.BM25,
            1.2,
            0.75,
            1000,
            0.02,
            Duration.ofDays(30),
            0.1,
            0.1,
            5,
            0.3,
            20,
            Duration.ofHours(6),
            Duration.ofSeconds(30),
            2.0,
            2000);

    @Test
    void theBestOfEachRetrieverScoresOneAndTheCandidateAtTheScaleDepthZero() {
        List<Candidate> vector = candidates(0.9, 0.8, 0.7, 0.6, 0.5, 0.4);
        List<Candidate> text = candidates(12, 6, 3, 2, 1, 0.5);
        Fusion fusion = Fusion.of(MINMAX, vector, text);

        assertThat(fusion.terms(1, 0.9, 1, 12.0).fused()).isCloseTo(1.0, within(1e-9));
        assertThat(fusion.terms(5, 0.5, null, null).vector()).isCloseTo(0.0, within(1e-9));
        assertThat(fusion.terms(6, 0.4, null, null).vector()).isZero(); // below the depth: 0, never negative
        assertThat(fusion.terms(3, 0.7, null, null).vector()).isCloseTo(0.5, within(1e-9));
        assertThat(fusion.terms(null, null, 2, 6.0).text()).isCloseTo(5.0 / 11.0, within(1e-9));
        assertThat(fusion.terms(null, null, 2, 6.0).vector()).isNull();
    }

    @Test
    void theRankingDoesNotDependOnTheModelsScoreRange() {
        // The same evidence from a model whose cosines spread over 0.7 and from one whose spread over 0.18 (e5).
        double[] wide = {0.91, 0.83, 0.52, 0.40, 0.33, 0.21};
        double[] bm25 = {3.0, 9.0, 1.0, 7.5, 0.4, 2.2};

        List<UUID> ranked = rank(wide, bm25, s -> s);
        List<UUID> rankedNarrow = rank(wide, bm25, s -> 0.7 + (s - 0.21) * 0.18 / 0.7);

        assertThat(rankedNarrow).isEqualTo(ranked);
    }

    @Test
    void aFullTextCandidateTheVectorSearchMissedIsScaledByItsOwnCosine() {
        Fusion fusion = Fusion.of(MINMAX, candidates(0.9, 0.8, 0.7, 0.6, 0.5), candidates(4, 3, 2, 1, 0.5));

        assertThat(fusion.terms(null, 0.75, 1, 4.0).vector()).isCloseTo(0.625, within(1e-9));
    }

    @Test
    void aLoneRetrieverStandsAlone() {
        Fusion fusion = Fusion.of(MINMAX, List.of(), candidates(4, 3, 2));

        assertThat(fusion.terms(null, null, 1, 4.0).fused()).isCloseTo(1.0, within(1e-9));
    }

    private static List<UUID> rank(double[] cosines, double[] bm25, DoubleUnaryOperator model) {
        List<Candidate> vector = new ArrayList<>();
        List<Candidate> text = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < cosines.length; i++) {
            UUID id = new UUID(0, i);
            ids.add(id);
            vector.add(candidate(id, model.applyAsDouble(cosines[i])));
            text.add(candidate(id, bm25[i]));
        }
        vector.sort(Comparator.comparingDouble(Candidate::score).reversed());
        text.sort(Comparator.comparingDouble(Candidate::score).reversed());
        Fusion fusion = Fusion.of(MINMAX, vector, text);
        List<UUID> ranked = new ArrayList<>(ids);
        ranked.sort(Comparator.comparingDouble((UUID id) -> {
                    int i = (int) id.getLeastSignificantBits();
                    return fusion.terms(null, model.applyAsDouble(cosines[i]), null, bm25[i])
                            .fused();
                })
                .reversed());
        return ranked;
    }

    private static List<Candidate> candidates(double... scores) {
        List<Candidate> list = new ArrayList<>();
        for (double score : scores) {
            list.add(candidate(UUID.randomUUID(), score));
        }
        return list;
    }

    private static Candidate candidate(UUID id, double score) {
        return new Candidate(
                id, "text", MemoryType.FACT, List.of(), "{}", 0.5, Instant.EPOCH, Instant.EPOCH, score, null);
    }
}
