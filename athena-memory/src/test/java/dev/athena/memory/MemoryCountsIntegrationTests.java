package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.athena.memory.MemoryCounts.MemoryCount;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The memory counts the gauges and the console read stay equal to a count over the table through every kind of write,
 * before and after their changes are folded, without counting the table.
 */
@SpringBootTest
class MemoryCountsIntegrationTests extends DatabaseIntegrationTest {

    private static final String COUNT_OVER_THE_TABLE = """
            SELECT project, memory_type, state, count(*) AS memories FROM memories
            GROUP BY project, memory_type, state ORDER BY project, memory_type, state""";

    @Autowired
    MemoryService memories;

    @Autowired
    MemoryLifecycleService lifecycle;

    @Autowired
    MemoryCounts counts;

    @Autowired
    StatisticsCompactor compactor;

    @Test
    void countsEveryMemoryByProjectTypeAndState() {
        memories.rememberBatch(
                "alpha",
                List.of(
                        RememberRequest.of("Deploys run on Fridays", MemoryType.FACT),
                        RememberRequest.of("We chose Postgres for the ledger", MemoryType.DECISION)));
        memories.remember(RememberRequest.inProject("beta", "The staging port is 8443"));

        assertThat(counts.all())
                .containsExactly(
                        new MemoryCount("alpha", "decision", "active", 1),
                        new MemoryCount("alpha", "fact", "active", 1),
                        new MemoryCount("beta", "fact", "active", 1));
        assertThat(counts.of(List.of("beta", "gamma"))).containsExactly(new MemoryCount("beta", "fact", "active", 1));
    }

    @Test
    void followsSupersedingForgettingAndPurgingBeforeAndAfterAFold() {
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

        List<MemoryCount> expected = List.of(
                new MemoryCount("alpha", "fact", "active", 1),
                new MemoryCount("alpha", "fact", "forgotten", 1),
                new MemoryCount("alpha", "fact", "superseded", 1));
        assertThat(counts.all()).containsExactlyElementsOf(expected).containsExactlyElementsOf(countOverTheTable());

        assertThat(compactor.fold()).isPositive();

        assertThat(counts.all()).containsExactlyElementsOf(expected);
        assertThat(count("SELECT count(*) FROM memory_count_changes")).isZero();
    }

    @Test
    void aCombinationThatEmptiesIsLeftOut() {
        UUID only = memories.remember(RememberRequest.inProject("alpha", "The only memory"))
                .id();
        compactor.fold();

        lifecycle.forget(only, "alpha", "outdated");
        compactor.fold();

        assertThat(counts.all()).containsExactly(new MemoryCount("alpha", "fact", "forgotten", 1));
    }

    @Test
    void updatesThatChangeNoCountAppendNothing() {
        UUID id = memories.remember(RememberRequest.inProject("alpha", "Backups run nightly"))
                .id();
        compactor.fold();

        jdbc.update("UPDATE memories SET importance = 0.9, tags = '{ops}' WHERE id = ?", id);

        assertThat(count("SELECT count(*) FROM memory_count_changes")).isZero();
    }

    @Test
    void aTruncateEmptiesTheCounts() {
        memories.remember(RememberRequest.inProject("alpha", "Backups run nightly"));
        compactor.fold();
        memories.remember(RememberRequest.inProject("alpha", "Restores are tested monthly"));

        truncate("TRUNCATE memories CASCADE");

        assertThat(counts.all()).isEmpty();
    }

    @Test
    void aMemoryMovedToAnotherProjectOrTypeIsCountedThere() {
        UUID id = memories.remember(RememberRequest.inProject("alpha", "Backups run nightly"))
                .id();

        jdbc.update("UPDATE memories SET project = 'beta', memory_type = 'decision' WHERE id = ?", id);

        assertThat(counts.all())
                .containsExactly(new MemoryCount("beta", "decision", "active", 1))
                .containsExactlyElementsOf(countOverTheTable());
    }

    private List<MemoryCount> countOverTheTable() {
        return jdbc.query(
                COUNT_OVER_THE_TABLE,
                (row, i) -> new MemoryCount(
                        row.getString("project"),
                        row.getString("memory_type"),
                        row.getString("state"),
                        row.getLong("memories")));
    }
}
