package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ProjectTextIndexTests {

    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");
    private final ProjectTextIndex index = new ProjectTextIndex();

    private List<TextHit> search(String... lexemes) {
        return index.search(List.of(lexemes), 10, 1.2, 0.75, NOW);
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
        assertThat(index.search(List.of("kafka"), 1, 1.2, 0.75, NOW))
                .extracting(TextHit::id)
                .containsExactly(best);
    }

    @Test
    void aFullTopKStillTakesANewerMemoryThatTiesItsLowestScore() {
        List<UUID> newestFirst = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            UUID id = UUID.randomUUID();
            index.put(id, NOW.minusSeconds(300 - i), null, Map.of("kafka", 1, "lag", 1));
            newestFirst.add(0, id);
        }

        List<TextHit> hits = search("kafka");

        assertThat(hits).extracting(TextHit::id).containsExactlyElementsOf(newestFirst.subList(0, 10));
    }

    @Test
    void aMemoryWhoseValidityEndedNeverDisplacesACurrentOneFromAFullTopK() {
        UUID current = UUID.randomUUID();
        UUID endedButBetter = UUID.randomUUID();
        index.put(current, NOW, null, Map.of("kafka", 1, "lag", 1, "broker", 1));
        index.put(endedButBetter, NOW, NOW.minusSeconds(1), Map.of("kafka", 4));

        assertThat(index.search(List.of("kafka"), 1, 1.2, 0.75, NOW))
                .extracting(TextHit::id)
                .containsExactly(current);
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

    @Test
    void skippingPostingsFindsExactlyTheTopKThatScoringEveryMatchFinds() {
        Random random = new Random(11);
        String[] vocabulary = new String[40];
        for (int i = 0; i < vocabulary.length; i++) {
            vocabulary[i] = "t" + i;
        }
        Map<UUID, Map<String, Integer>> corpus = new HashMap<>();
        Map<UUID, Instant> created = new HashMap<>();
        List<UUID> ids = new ArrayList<>();
        for (int d = 0; d < 3_000; d++) {
            Map<String, Integer> terms = new HashMap<>();
            int length = 1 + random.nextInt(20);
            for (int w = 0; w < length; w++) {
                // Skewed: low-numbered terms are common, as stop-word-free English is.
                String term = vocabulary[(int) Math.min(vocabulary.length - 1, Math.abs(random.nextGaussian()) * 8)];
                terms.merge(term, 1, Integer::sum);
            }
            UUID id = UUID.randomUUID();
            Instant at = NOW.minusSeconds(random.nextInt(50));
            index.put(id, at, null, terms);
            corpus.put(id, terms);
            created.put(id, at);
            ids.add(id);
            if (random.nextInt(10) == 0) {
                UUID gone = ids.remove(random.nextInt(ids.size()));
                index.remove(gone);
                corpus.remove(gone);
            }
        }
        assertSameTopKAsScoringEveryMatch(corpus, created, vocabulary, random);

        // Most memories leave: dead slots outnumber live ones and the postings are compacted.
        for (UUID gone : new ArrayList<>(ids.subList(0, ids.size() * 2 / 3))) {
            index.remove(gone);
            corpus.remove(gone);
        }
        assertThat(index.size()).isEqualTo(corpus.size());
        assertSameTopKAsScoringEveryMatch(corpus, created, vocabulary, random);
    }

    private void assertSameTopKAsScoringEveryMatch(
            Map<UUID, Map<String, Integer>> corpus, Map<UUID, Instant> created, String[] vocabulary, Random random) {
        for (int q = 0; q < 150; q++) {
            List<String> query = new ArrayList<>();
            for (int w = 0, n = 1 + random.nextInt(6); w < n; w++) {
                query.add(vocabulary[random.nextInt(random.nextBoolean() ? 6 : vocabulary.length)]);
            }
            int limit = 1 + random.nextInt(60);

            List<TextHit> found = index.search(query, limit, 1.2, 0.75, NOW);

            List<TextHit> expected = scoreEveryMatch(corpus, created, query, limit);
            assertThat(found).as("query %s, limit %d", query, limit).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(found.get(i).score()).isCloseTo(expected.get(i).score(), within(1e-9));
            }
        }
    }

    /** BM25 the plain way: every memory sharing a term with the query scored, sorted, the best {@code limit} kept. */
    private static List<TextHit> scoreEveryMatch(
            Map<UUID, Map<String, Integer>> corpus, Map<UUID, Instant> created, List<String> query, int limit) {
        double n = corpus.size();
        double average = Math.max(corpus.values().stream().mapToInt(Map::size).sum() / n, 1);
        Map<String, Long> documentFrequencies = new HashMap<>();
        for (String term : new LinkedHashSet<>(query)) {
            documentFrequencies.put(
                    term,
                    corpus.values().stream().filter(t -> t.containsKey(term)).count());
        }
        List<TextHit> all = new ArrayList<>();
        for (Map.Entry<UUID, Map<String, Integer>> memory : corpus.entrySet()) {
            double score = 0;
            boolean matched = false;
            for (String term : new LinkedHashSet<>(query)) {
                Integer tf = memory.getValue().get(term);
                if (tf == null) {
                    continue;
                }
                matched = true;
                long df = documentFrequencies.get(term);
                double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
                score += idf
                        * tf
                        * 2.2
                        / (tf + 1.2 * (1 - 0.75 + 0.75 * memory.getValue().size() / average));
            }
            if (matched) {
                all.add(new TextHit(memory.getKey(), score));
            }
        }
        all.sort(Comparator.comparingDouble(TextHit::score)
                .reversed()
                .thenComparing(h -> created.get(h.id()), Comparator.reverseOrder()));
        return all.subList(0, Math.min(limit, all.size()));
    }
}
