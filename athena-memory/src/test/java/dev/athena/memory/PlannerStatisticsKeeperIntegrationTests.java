package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.List;
import java.util.stream.IntStream;

import dev.athena.memory.PlannerStatisticsKeeper.TableActivity;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Athena refreshes the planner's statistics itself when a bulk write leaves them stale, as autovacuum would (this
 * machine's PostgreSQL, like a deployment within a minute of a bulk import, runs without it).
 */
@SpringBootTest
class PlannerStatisticsKeeperIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    MemoryService memories;

    @Test
    void analyzesTheMemoriesTableAfterABulkImport() throws InterruptedException {
        // Statistics of the empty table: the import below is then far beyond autovacuum's rule (50 rows + 10%). A
        // keeper without the minute between two ANALYZEs of a table, which this ANALYZE would otherwise start.
        PlannerStatisticsKeeper keeper = new PlannerStatisticsKeeper(jdbc, java.time.Duration.ZERO);
        jdbc.execute("ANALYZE memories");
        Timestamp before = jdbc.queryForObject("SELECT clock_timestamp()", Timestamp.class);
        memories.rememberBatch(
                "bulk",
                IntStream.range(0, 400)
                        .mapToObj(i -> RememberRequest.of(
                                "Imported fact number " + i + " about service " + (i % 17), MemoryType.FACT))
                        .toList());

        // The writers' backends report their row counts to the statistics system within a few seconds.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!analyzedSince(before) && System.nanoTime() < deadline) {
            keeper.analyzeStaleTables();
            Thread.sleep(250);
        }

        assertThat(analyzedSince(before))
                .as("memories analyzed after the import")
                .isTrue();
        assertThat(count("SELECT count(*) FROM pg_stats WHERE tablename = 'memories' AND attname = 'content_tsv'"))
                .isEqualTo(1);
    }

    @Test
    void followsAutovacuumsRuleForStaleStatistics() {
        double longAgo = Double.POSITIVE_INFINITY;
        assertThat(new TableActivity("memories", -1, 0, 0, false, longAgo, 60).needsAnalyze())
                .as("empty, never analyzed")
                .isFalse();
        assertThat(new TableActivity("memories", -1, 100_000, 100_000, false, longAgo, 60).needsAnalyze())
                .as("never analyzed")
                .isTrue();
        assertThat(new TableActivity("memories", 100_000, 10_050, 110_050, true, longAgo, 60).needsAnalyze())
                .as("50 + 10%")
                .isFalse();
        assertThat(new TableActivity("memories", 100_000, 10_051, 110_051, true, longAgo, 60).needsAnalyze())
                .isTrue();
        assertThat(new TableActivity("memories", 0, 51, 51, true, longAgo, 60).needsAnalyze())
                .as("a table analyzed while empty")
                .isTrue();
        assertThat(new TableActivity("memories", 100_000, 50_000, 150_000, true, 59, 60).needsAnalyze())
                .as("stale, but analyzed less than a minute ago")
                .isFalse();
    }

    @Test
    void coversTheTablesRecallAndRememberQuery() {
        assertThat(PlannerStatisticsKeeper.TABLES).contains("memories", "episodic_events");
        List<String> existing = jdbc.queryForList(
                "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(?)", String.class, (Object)
                        PlannerStatisticsKeeper.TABLES.toArray(String[]::new));
        assertThat(existing).containsExactlyInAnyOrderElementsOf(PlannerStatisticsKeeper.TABLES);
    }

    private boolean analyzedSince(Timestamp moment) {
        Timestamp analyzed = jdbc.queryForObject(
                "SELECT greatest(last_analyze, last_autoanalyze) FROM pg_stat_user_tables WHERE relname = 'memories'",
                Timestamp.class);
        return analyzed != null && analyzed.after(moment);
    }
}
