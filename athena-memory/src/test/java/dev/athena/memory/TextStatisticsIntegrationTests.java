package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The document frequencies BM25 reads stay exact through every write, before and after they are folded. */
@SpringBootTest
class TextStatisticsIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    MemoryService memories;

    @Autowired
    MemoryLifecycleService lifecycle;

    @Autowired
    RecallQueries store;

    @Autowired
    StatisticsCompactor compactor;

    @Test
    void countsEachActiveMemoryOncePerTermPerProject() {
        memories.rememberBatch(
                "alpha",
                List.of(
                        RememberRequest.of("The cat chased the cat", MemoryType.FACT),
                        RememberRequest.of("A dog and a cat", MemoryType.FACT)));
        memories.remember(RememberRequest.inProject("beta", "Another cat entirely"));

        assertThat(store.documentFrequencies("alpha", "cats dogs zebras"))
                .isEqualTo(Map.of("cat", 2L, "dog", 1L, "zebra", 0L));
        assertThat(store.corpusDocuments("alpha")).isEqualTo(2);
        assertThat(store.corpusDocuments("beta")).isEqualTo(1);
    }

    @Test
    void supersedingForgettingAndPurgingTakeTheirMemoriesOutOfTheCounts() {
        UUID kept = memories.remember(RememberRequest.inProject("alpha", "Deploys run on Fridays"))
                .id();
        UUID superseded = memories.remember(RememberRequest.inProject("alpha", "Deploys run on Mondays"))
                .id();
        memories.remember(new RememberRequest(
                        "Deploys run on Tuesdays", MemoryType.FACT, List.of(), null, Map.of(), "alpha", null, null)
                .superseding(superseded));
        UUID forgotten = memories.remember(RememberRequest.inProject("alpha", "Deploys need a ticket"))
                .id();
        UUID purged = memories.remember(RememberRequest.inProject("alpha", "Deploys page the on-call engineer"))
                .id();

        lifecycle.forget(forgotten, "alpha", "outdated");
        lifecycle.purge(purged, "alpha", "erasure request");

        // Active: Fridays, Tuesdays.
        assertThat(store.documentFrequencies("alpha", "deploys mondays tuesdays ticket engineer"))
                .containsEntry("deploy", 2L)
                .containsEntry("monday", 0L)
                .containsEntry("tuesday", 1L)
                .containsEntry("ticket", 0L)
                .containsEntry("engin", 0L);
        assertThat(store.corpusDocuments("alpha")).isEqualTo(2);
        assertThat(kept).isNotNull();
    }

    @Test
    void foldingChangesNothingReadersSeeAndEmptiesThePendingChanges() {
        memories.rememberBatch(
                "alpha",
                List.of(
                        RememberRequest.of("Kafka topics are compacted", MemoryType.FACT),
                        RememberRequest.of("Kafka brokers run on three nodes", MemoryType.FACT)));
        Map<String, Long> before = store.documentFrequencies("alpha", "kafka brokers topics");

        int folded = compactor.fold();

        assertThat(folded).isPositive();
        assertThat(count("SELECT count(*) FROM text_term_changes")).isZero();
        assertThat(count("SELECT count(*) FROM text_corpus_changes")).isZero();
        assertThat(store.documentFrequencies("alpha", "kafka brokers topics"))
                .isEqualTo(before)
                .containsEntry("kafka", 2L);
        assertThat(store.corpusDocuments("alpha")).isEqualTo(2);

        memories.remember(RememberRequest.inProject("alpha", "Kafka lag is alerted above 10k"));
        assertThat(compactor.fold()).isPositive();
        assertThat(compactor.fold()).isZero();
        assertThat(store.documentFrequencies("alpha", "kafka")).containsEntry("kafka", 3L);
    }

    @Test
    void anotherGatewayFoldingMeansThisOneSkipsTheRound() {
        memories.remember(RememberRequest.inProject("alpha", "Redis is only a cache"));

        Integer folded = jdbc.execute((java.sql.Connection con) -> {
            con.setAutoCommit(false);
            try (var lock = con.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, StatisticsCompactor.LOCK_KEY);
                lock.execute();
                return compactor.fold();
            } finally {
                con.rollback();
                con.setAutoCommit(true);
            }
        });

        assertThat(folded).isZero();
        assertThat(count("SELECT count(*) FROM memory_count_changes")).isPositive();
        assertThat(compactor.fold()).isPositive();
        assertThat(count("SELECT count(*) FROM memory_count_changes")).isZero();
    }
}
