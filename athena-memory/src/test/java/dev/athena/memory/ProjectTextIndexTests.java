package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ProjectTextIndexTests {

    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");
    private final ProjectTextIndex index = new ProjectTextIndex();
    private final ProjectTextIndex.Scratch scratch = new ProjectTextIndex.Scratch();

    private List<TextHit> search(String... lexemes) {
        return index.search(List.of(lexemes), 10, 1.2, 0.75, NOW, scratch);
    }

    @Test
    void scoresOkapiBm25WithTheProjectsStatistics() {
        UUID a = UUID.randomUUID();
        index.put(a, NOW, null, Map.of("kafka", 2, "lag", 1));
        index.put(UUID.randomUUID(), NOW, null, Map.of("billing", 1, "run", 1, "month", 1, "first", 1));

        List<TextHit> hits = search("kafka");

        // N = 2, df = 1, average length 3, this memory's length 2 (distinct lexemes), tf 2.
        double idf = Math.log(1 + (2 - 1 + 0.5) / (1 + 0.5));
        double expected = idf * 2 * 2.2 / (2 + 1.2 * (1 - 0.75 + 0.75 * 2 / 3.0));
        assertThat(hits).extracting(TextHit::id).containsExactly(a);
        assertThat(hits.get(0).score()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void bestFirstAndNewestFirstOnEqualScores() {
        UUID older = UUID.randomUUID();
        UUID newer = UUID.randomUUID();
        UUID best = UUID.randomUUID();
        index.put(older, NOW.minusSeconds(60), null, Map.of("kafka", 1, "lag", 1));
        index.put(newer, NOW, null, Map.of("kafka", 1, "lag", 1));
        index.put(best, NOW.minusSeconds(120), null, Map.of("kafka", 3, "lag", 1));

        assertThat(search("kafka")).extracting(TextHit::id).containsExactly(best, newer, older);
        assertThat(index.search(List.of("kafka"), 1, 1.2, 0.75, NOW, scratch))
                .extracting(TextHit::id)
                .containsExactly(best);
    }

    @Test
    void leavesOutMemoriesWhoseValidityEnded() {
        UUID ended = UUID.randomUUID();
        UUID current = UUID.randomUUID();
        index.put(ended, NOW, NOW.minusSeconds(1), Map.of("kafka", 1));
        index.put(current, NOW, NOW.plusSeconds(3600), Map.of("kafka", 1));

        assertThat(search("kafka")).extracting(TextHit::id).containsExactly(current);
    }

    @Test
    void removedAndReplacedMemoriesChangeTheStatisticsAndSurviveCompaction() {
        UUID kept = UUID.randomUUID();
        index.put(kept, NOW, null, Map.of("kafka", 1, "lag", 1));
        for (int i = 0; i < 3_000; i++) {
            UUID gone = UUID.randomUUID();
            index.put(gone, NOW, null, Map.of("kafka", 1));
            index.remove(gone);
        }
        index.put(kept, NOW, null, Map.of("kafka", 1));

        assertThat(index.size()).isEqualTo(1);
        assertThat(search("lag")).isEmpty();
        List<TextHit> hits = search("kafka");
        assertThat(hits).extracting(TextHit::id).containsExactly(kept);
        // One memory of length 1: idf ln(1 + 0.5 / 1.5), tf 1, length equal to the average.
        assertThat(hits.get(0).score()).isCloseTo(Math.log(1 + 0.5 / 1.5), within(1e-12));
        assertThat(index.remove(UUID.randomUUID())).isFalse();
    }
}
