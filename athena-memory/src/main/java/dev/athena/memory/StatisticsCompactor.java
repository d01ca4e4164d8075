package dev.athena.memory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Folds the pending changes the memories triggers append into the per-project totals: BM25's document frequencies and
 * corpus sizes (V8) and the memory counts behind the gauges and the console ({@link MemoryCounts}, V13). The change
 * tables stay small, so reading a document frequency stays one index lookup in each table and reading the counts stays
 * a scan of a few rows. Readers add the pending changes themselves, so how often this runs changes speed, never
 * results.
 *
 * <p>One gateway folds at a time (a transaction-scoped advisory lock; the others skip that round). The change tables
 * are vacuumed after a large fold: Athena must stay fast where autovacuum is off, and these are the only tables whose
 * rows it deletes at that rate. Terms whose count falls to 0 keep their row: BM25 skips them, and they are bounded by
 * the vocabulary.
 */
@Component
class StatisticsCompactor {

    private static final Logger log = LoggerFactory.getLogger(StatisticsCompactor.class);
    /**
     * pg_advisory_xact_lock key: "athena text statistics" (it now guards the memory counts' fold too) (any constant
     * works; it only must not collide).
     */
    static final long LOCK_KEY = 0x4154_4854_5854_5354L;

    private static final int VACUUM_AFTER_ROWS = 10_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    StatisticsCompactor(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Scheduled(
            initialDelayString = "${athena.recall.statistics-fold-interval:5s}",
            fixedDelayString = "${athena.recall.statistics-fold-interval:5s}")
    void foldOnSchedule() {
        try {
            fold();
        } catch (DataAccessException e) {
            log.warn(
                    "folding the full-text statistics and memory counts failed, retrying next round: {}",
                    e.getMessage());
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
            Integer terms = jdbc.queryForObject("""
                    WITH moved AS (DELETE FROM text_term_changes RETURNING project, lexeme, documents),
                         summed AS (SELECT project, lexeme, sum(documents) AS documents FROM moved GROUP BY project,
                             lexeme),
                         fold AS (INSERT INTO text_term_documents AS t (project, lexeme, documents)
                                    SELECT project, lexeme, documents FROM summed ORDER BY project, lexeme
                                    ON CONFLICT (project, lexeme) DO UPDATE SET documents = t.documents +
                                        EXCLUDED.documents)
                    SELECT count(*) FROM moved
                    """, Integer.class);
            Integer corpus = jdbc.queryForObject("""
                    WITH moved AS (DELETE FROM text_corpus_changes RETURNING project, documents, total_length),
                         summed AS (SELECT project, sum(documents) AS documents, sum(total_length) AS total_length
                                    FROM moved GROUP BY project),
                         fold AS (INSERT INTO text_corpus AS c (project, documents, total_length)
                                    SELECT project, documents, total_length FROM summed ORDER BY project
                                    ON CONFLICT (project) DO UPDATE SET documents = c.documents + EXCLUDED.documents,
                                                                        total_length = c.total_length +
                                                                            EXCLUDED.total_length)
                    SELECT count(*) FROM moved
                    """, Integer.class);
            Integer counts = jdbc.queryForObject("""
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
            return (terms == null ? 0 : terms) + (corpus == null ? 0 : corpus) + (counts == null ? 0 : counts);
        });
        int rows = folded == null ? 0 : folded;
        if (rows >= VACUUM_AFTER_ROWS) {
            // No truncation: the tables refill at once, and truncating takes a lock that would stall the triggers of
            // concurrent writes.
            jdbc.execute("VACUUM (TRUNCATE false) text_term_changes, text_corpus_changes, memory_count_changes");
        }
        return rows;
    }
}
