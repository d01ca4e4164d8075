package dev.athena.memory;

import java.util.Collection;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How many memories each project holds, by type and state, from the totals the memories triggers keep (V13) instead of
 * a count over the table, whose cost grows with it: the folded totals plus the changes not folded yet, so a read is
 * exact at its snapshot. The changes are folded every {@code athena.recall.statistics-fold-interval}; how often only
 * changes how much a read adds up, never what it returns.
 *
 * <p>One gateway folds at a time (a transaction-scoped advisory lock; the others skip that round). The change table is
 * vacuumed after a large fold: Athena must stay fast where autovacuum is off.
 */
@Repository
public class MemoryCounts {

    private static final Logger log = LoggerFactory.getLogger(MemoryCounts.class);
    /** pg_advisory_xact_lock key: "athena memory counts" (any constant works; it only must not collide). */
    static final long LOCK_KEY = 0x4154_4D45_4D43_4E54L;

    private static final int VACUUM_AFTER_ROWS = 10_000;
    private static final String TOTALS = """
            SELECT project, memory_type, state, sum(memories) AS memories FROM (
                SELECT project, memory_type, state, memories FROM memory_counts %1$s
                UNION ALL
                SELECT project, memory_type, state, memories FROM memory_count_changes %1$s) c
            GROUP BY project, memory_type, state HAVING sum(memories) <> 0
            ORDER BY project, memory_type, state""";
    private static final RowMapper<MemoryCount> COUNT = (row, i) -> new MemoryCount(
            row.getString("project"), row.getString("memory_type"), row.getString("state"), row.getLong("memories"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    MemoryCounts(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** The memories of one project, type and state; combinations without any are left out. */
    public record MemoryCount(String project, String memoryType, String state, long memories) {}

    /** Every project's counts, ordered by project, type and state. */
    public List<MemoryCount> all() {
        return jdbc.query(TOTALS.formatted(""), COUNT);
    }

    /** The counts of the given projects, ordered by project, type and state. */
    public List<MemoryCount> of(Collection<String> projects) {
        String[] names = projects.toArray(String[]::new);
        return jdbc.query(TOTALS.formatted("WHERE project = ANY (?)"), COUNT, names, names);
    }

    @Scheduled(
            initialDelayString = "${athena.recall.statistics-fold-interval:5s}",
            fixedDelayString = "${athena.recall.statistics-fold-interval:5s}")
    void foldOnSchedule() {
        try {
            fold();
        } catch (DataAccessException e) {
            log.warn("folding the memory counts failed, retrying next round: {}", e.getMessage());
        }
    }

    /**
     * Folds every committed change; returns how many change rows were folded (0 when another gateway holds the lock).
     */
    int fold() {
        Integer folded = transactions.execute(status -> {
            Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY);
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            return jdbc.queryForObject("""
                    WITH moved AS (DELETE FROM memory_count_changes RETURNING project, memory_type, state, memories),
                         summed AS (SELECT project, memory_type, state, sum(memories) AS memories FROM moved
                                    GROUP BY project, memory_type, state),
                         fold AS (INSERT INTO memory_counts AS t (project, memory_type, state, memories)
                                    SELECT project, memory_type, state, memories FROM summed
                                    ORDER BY project, memory_type, state
                                    ON CONFLICT (project, memory_type, state) DO UPDATE
                                    SET memories = t.memories + EXCLUDED.memories)
                    SELECT count(*) FROM moved
                    """, Integer.class);
        });
        int rows = folded == null ? 0 : folded;
        if (rows >= VACUUM_AFTER_ROWS) {
            // No truncation: the table refills at once, and truncating takes a lock that would stall writers' triggers.
            jdbc.execute("VACUUM (TRUNCATE false) memory_count_changes");
        }
        return rows;
    }
}
