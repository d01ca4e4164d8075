package dev.athena.memory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the planner's statistics of the tables recall and remember query from going missing or stale, as autovacuum's
 * ANALYZE would: recall's plans depend on them. Without statistics (a fresh bulk import, a database where autovacuum is
 * off or has not come round yet) the planner took a 100,000-memory project for 24 rows and sorted every vector instead
 * of searching the HNSW index (1.4 s a recall, docs/benchmarks.md).
 *
 * <p>Every {@code athena.memory.analyze-interval} it analyzes each table never analyzed that has rows, and each table
 * whose rows changed since its last ANALYZE by more than autovacuum's default rule (50 rows plus a tenth of the table)
 * allows. With autovacuum on, this rarely finds anything left to do. One gateway analyzes at a time (a session advisory
 * lock held only for the round; the others skip it).
 */
@Component
class PlannerStatisticsKeeper {

    private static final Logger log = LoggerFactory.getLogger(PlannerStatisticsKeeper.class);
    /** pg_advisory lock key: "athena analyze" (any constant works; it only must not collide with the other keys). */
    static final long LOCK_KEY = 0x4154_4841_414E_4C5AL;
    /** autovacuum's defaults: autovacuum_analyze_threshold and autovacuum_analyze_scale_factor. */
    static final long BASE_THRESHOLD = 50;

    static final double SCALE_FACTOR = 0.1;
    /**
     * The tables whose statistics recall, remember and the event tools' plans depend on; every recall reads
     * {@code memory_text_changes} by transaction id, which must stay an index range scan as the log grows.
     */
    static final List<String> TABLES = List.of("memories", "episodic_events", "memory_history", "memory_text_changes");
    /**
     * The least time between two ANALYZEs of a table that has statistics, as autovacuum's naptime (1 min) gives: during
     * a bulk import the rule above is met every few seconds, and sampling a 100,000-row table costs about a second.
     */
    static final Duration MIN_TIME_BETWEEN = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final double minSecondsBetween;

    @org.springframework.beans.factory.annotation.Autowired
    PlannerStatisticsKeeper(JdbcTemplate jdbc) {
        this(jdbc, MIN_TIME_BETWEEN);
    }

    PlannerStatisticsKeeper(JdbcTemplate jdbc, Duration minTimeBetween) {
        this.jdbc = jdbc;
        this.minSecondsBetween = minTimeBetween.toMillis() / 1000.0;
    }

    /** A table's row counts as the statistics system knows them. */
    record TableActivity(
            String table,
            double rowsAtLastAnalyze,
            long changedSinceAnalyze,
            long liveRows,
            boolean everAnalyzed,
            double secondsSinceAnalyze,
            double minSecondsBetween) {

        /**
         * Whether the planner's statistics of this table are missing, or stale by autovacuum's rule and not refreshed
         * within {@code minSecondsBetween}.
         */
        boolean needsAnalyze() {
            if (!everAnalyzed) {
                return liveRows > 0 || changedSinceAnalyze > 0;
            }
            return changedSinceAnalyze > BASE_THRESHOLD + SCALE_FACTOR * Math.max(rowsAtLastAnalyze, 0)
                    && secondsSinceAnalyze >= minSecondsBetween;
        }
    }

    @Scheduled(
            initialDelayString = "${athena.memory.analyze-interval:10s}",
            fixedDelayString = "${athena.memory.analyze-interval:10s}")
    void analyzeOnSchedule() {
        try {
            analyzeStaleTables();
        } catch (DataAccessException e) {
            log.warn("refreshing the planner's statistics failed, retrying next round: {}", e.getMessage());
        }
    }

    /**
     * Analyzes every table whose statistics are missing or stale; returns the tables analyzed (none when another
     * gateway is at it).
     */
    List<String> analyzeStaleTables() {
        return jdbc.execute((Connection con) -> {
            try (var lock = con.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, LOCK_KEY);
                try (var rs = lock.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return List.<String>of();
                    }
                }
            }
            try {
                List<String> analyzed = new ArrayList<>();
                for (TableActivity activity : activity(con)) {
                    if (activity.needsAnalyze()) {
                        long started = System.nanoTime();
                        try (var analyze = con.createStatement()) {
                            // The table names come from TABLES, never from input.
                            analyze.execute("ANALYZE " + activity.table());
                        }
                        analyzed.add(activity.table());
                        log.info(
                                "analyzed {} for the planner ({} rows changed since the last ANALYZE, {} rows) in "
                                        + "{} ms",
                                activity.table(),
                                activity.changedSinceAnalyze(),
                                activity.liveRows(),
                                (System.nanoTime() - started) / 1_000_000);
                    }
                }
                return analyzed;
            } finally {
                try (var unlock = con.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, LOCK_KEY);
                    unlock.executeQuery().close();
                }
            }
        });
    }

    private List<TableActivity> activity(Connection con) throws SQLException {
        List<TableActivity> tables = new ArrayList<>();
        try (var ps = con.prepareStatement("""
                SELECT s.relname, c.reltuples, s.n_mod_since_analyze, s.n_live_tup,
                       s.last_analyze IS NOT NULL OR s.last_autoanalyze IS NOT NULL
                       OR EXISTS (SELECT 1 FROM pg_stats st WHERE st.schemaname = s.schemaname AND st.tablename =
                           s.relname) AS analyzed,
                       coalesce(extract(epoch FROM now() - greatest(s.last_analyze, s.last_autoanalyze)), 'Infinity') AS
                           since
                FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
                WHERE s.schemaname = current_schema() AND s.relname = ANY(?)
                ORDER BY s.relname
                """)) {
            ps.setArray(1, con.createArrayOf("text", TABLES.toArray()));
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(new TableActivity(
                            rs.getString(1),
                            rs.getDouble(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getBoolean(5),
                            rs.getDouble(6),
                            minSecondsBetween));
                }
            }
        }
        return tables;
    }
}
