package dev.athena.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;

import dev.athena.bench.Tools.MemoryItem;
import dev.athena.bench.Tools.RememberBatchRequest;
import dev.athena.bench.Tools.RememberRequest;
import org.junit.jupiter.api.Test;

class CorpusTests {

    @Test
    void theSameSeedGivesTheSameMemoriesAndQueries() {
        Corpus first = new Corpus(42);
        Corpus second = new Corpus(42);

        assertThat(LongStream.range(0, 200).mapToObj(first::memory).toList())
                .isEqualTo(LongStream.range(0, 200).mapToObj(second::memory).toList());
        assertThat(LongStream.range(0, 200)
                        .mapToObj(j -> first.query(j, 10_000))
                        .toList())
                .isEqualTo(LongStream.range(0, 200)
                        .mapToObj(j -> second.query(j, 10_000))
                        .toList());
    }

    @Test
    void aMemoryDependsOnlyOnTheSeedAndItsIndexNotOnWhatWasDrawnBefore() {
        Corpus corpus = new Corpus(42);
        Corpus.Memory drawnFirst = corpus.memory(777);
        LongStream.range(0, 50).forEach(corpus::memory);

        assertThat(corpus.memory(777)).isEqualTo(drawnFirst);
    }

    @Test
    void anotherSeedGivesAnotherCorpus() {
        List<String> seed42 = LongStream.range(0, 50)
                .mapToObj(i -> new Corpus(42).memory(i).text())
                .toList();
        List<String> seed7 = LongStream.range(0, 50)
                .mapToObj(i -> new Corpus(7).memory(i).text())
                .toList();

        assertThat(seed7).doesNotContainAnyElementsOf(seed42);
    }

    /** The corpus of docs/benchmarks.md's numbers: a change here makes new runs incomparable with the recorded ones. */
    @Test
    void seed42StillGivesTheCorpusTheRecordedBenchmarksUsed() {
        Corpus corpus = new Corpus(42);

        Corpus.Memory first = corpus.memory(0);
        assertThat(first.text())
                .isEqualTo("ledger-worker will be split out of gateway-job in Q2; Gustav writes the "
                        + "design doc, review due 2026-10-14. Same in ca-central-1.");
        assertThat(first.type()).isEqualTo("decision");
        assertThat(first.tags()).containsExactly("roadmap", "gateway-job");
        assertThat(corpus.query(0, 10_000)).isEqualTo("ATH-4216 blocked Yuki");
        assertThat(corpus.query(1, 10_000)).isEqualTo("analytics-job SQLException credentials");
    }

    @Test
    void everyMemoryHasADocumentedTypeTwoTagsAnImportanceBetweenZeroAndOneAndNoUnfilledSlot() {
        Corpus corpus = new Corpus(3);

        assertThat(LongStream.range(0, 2_000).mapToObj(corpus::memory)).allSatisfy(memory -> {
            assertThat(memory.type()).isIn("fact", "pattern", "decision", "context");
            assertThat(memory.tags()).hasSize(2);
            assertThat(memory.importance()).isBetween(0.0, 1.0);
            assertThat(memory.text()).doesNotContain("{", "}", "null");
        });
    }

    @Test
    void requestsCarryTheMemoriesOfTheirIndexes() {
        Corpus corpus = new Corpus(42);

        RememberBatchRequest batch = corpus.batchRequest(10, 13, "p");
        RememberRequest single = corpus.rememberRequest(11, "p");

        assertThat(batch.project()).isEqualTo("p");
        assertThat(batch.items())
                .extracting(MemoryItem::content)
                .containsExactly(
                        corpus.memory(10).text(),
                        corpus.memory(11).text(),
                        corpus.memory(12).text());
        assertThat(single.content()).isEqualTo(batch.items().get(1).content());
        assertThat(single.occurredAt()).isEqualTo(corpus.memory(11).occurredAt().toString());
        assertThat(corpus.recallRequest(0, 10_000, "p").query()).isEqualTo(corpus.query(0, 10_000));
    }
}
