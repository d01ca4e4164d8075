package dev.athena.memory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.pgvector.PGvector;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the in-process index ({@link InProcessBm25}) reads from PostgreSQL: every active memory's terms and, when it
 * holds vectors too, its embedding; and the change log the memories triggers keep (V12, V14).
 *
 * <p><b>Why no commit is missed.</b> A read of the log returns the snapshot it read at. The next read asks for the
 * changes of the transactions that snapshot could not see: those it listed as running, and those at or above its
 * {@code xmax}. A change not returned then belongs to a transaction the earlier snapshot saw as committed, so that
 * earlier read (or one before it) returned it already. Transaction ids, not commit order or a sequence, decide, so
 * transactions that commit in another order than they wrote cannot slip between two reads. Each changed memory is read
 * as it is at the new snapshot, so applying a read is idempotent.
 */
@Repository
class TextIndexChanges {

    private static final String CHANGES = """
            WITH changed AS (SELECT DISTINCT c.memory_id, c.project FROM memory_text_changes c
                             WHERE c.xid >= CAST(? AS xid8) OR c.xid = ANY(CAST(? AS xid8[])))
            SELECT CAST(pg_current_snapshot() AS text) AS snapshot, ch.changed, ch.memory_id, ch.project AS logged,
                   m.project, m.state = 'active' AS active, m.created_at, m.valid_to,
                   CASE WHEN m.state = 'active' THEN CAST(m.content_tsv AS text) END AS terms,
                   CASE WHEN m.state = 'active' THEN %s END AS embedding
            FROM (SELECT 1) AS one
            LEFT JOIN (SELECT true AS changed, memory_id, project FROM changed) ch ON true
            LEFT JOIN memories m ON m.id = ch.memory_id
            """;
    /** The embedding as its text form, or nothing when the index holds no vectors (so that none is sent). */
    private static final String EMBEDDING = "CAST(m.embedding AS text)";

    private static final String NO_EMBEDDING = "CAST(NULL AS text)";
    private static final String LEXEMES = "SELECT lexeme FROM unnest(to_tsvector('english', ?))";
    private static final int LOAD_FETCH_SIZE = 2_000;
    static final int VACUUM_AFTER_ROWS = 10_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshotRead;
    private final boolean withEmbeddings;
    private final String changesStatement;

    @Autowired
    TextIndexChanges(JdbcTemplate jdbc, PlatformTransactionManager transactions, TextIndexProperties settings) {
        this(jdbc, transactions, settings.vectors());
    }

    TextIndexChanges(JdbcTemplate jdbc, PlatformTransactionManager transactions, boolean withEmbeddings) {
        this.jdbc = jdbc;
        this.withEmbeddings = withEmbeddings;
        this.changesStatement = CHANGES.formatted(withEmbeddings ? EMBEDDING : NO_EMBEDDING);
        this.snapshotRead = new TransactionTemplate(transactions);
        snapshotRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshotRead.setReadOnly(true);
    }

    /**
     * A memory the log names, as it is at the snapshot read: {@code active} false when it is gone or not active;
     * {@code embedding} null when it has none yet, or when the index holds no vectors.
     */
    record ChangedMemory(
            UUID id,
            String loggedProject,
            String project,
            boolean active,
            Instant createdAt,
            Instant validTo,
            Map<String, Integer> termFrequencies,
            float[] embedding) {}

    /** One read of the log: its snapshot, whether the memories were truncated since, and the memories changed. */
    record TextChanges(PgSnapshot snapshot, boolean reset, List<ChangedMemory> memories) {}

    /** A query's lexemes, read in the same round trip as the changes the index has not seen. */
    record LexemesAndChanges(List<String> lexemes, TextChanges changes) {}

    /** Every active memory, one by one, read in one snapshot (a repeatable-read transaction); returns that snapshot. */
    PgSnapshot readAll(Consumer<ChangedMemory> memories) {
        return snapshotRead.execute(status -> {
            PgSnapshot snapshot =
                    PgSnapshot.parse(jdbc.queryForObject("SELECT CAST(pg_current_snapshot() AS text)", String.class));
            jdbc.query(
                    con -> {
                        PreparedStatement ps =
                                con.prepareStatement("""
                                SELECT id, project, created_at, valid_to, CAST(content_tsv AS text) AS terms,
                                       %s AS embedding
                                FROM memories m WHERE state = 'active'
                                """.formatted(withEmbeddings ? EMBEDDING : NO_EMBEDDING));
                        ps.setFetchSize(LOAD_FETCH_SIZE);
                        return ps;
                    },
                    rs -> {
                        String project = rs.getString("project");
                        memories.accept(new ChangedMemory(
                                rs.getObject("id", UUID.class),
                                project,
                                project,
                                true,
                                rs.getTimestamp("created_at").toInstant(),
                                instant(rs.getTimestamp("valid_to")),
                                TsVectorText.termFrequencies(rs.getString("terms")),
                                embedding(rs.getString("embedding"))));
                    });
            return snapshot;
        });
    }

    /** The changes of every transaction {@code since} could not see. */
    TextChanges changesSince(PgSnapshot since) {
        return jdbc.execute((Connection con) -> {
            try (PreparedStatement ps = con.prepareStatement(changesStatement)) {
                bindSince(ps, 1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    return changes(rs);
                }
            }
        });
    }

    /**
     * The query's lexemes and the changes since {@code since}, in one round trip; without a query, the changes alone
     * (and no lexemes).
     */
    LexemesAndChanges lexemesAndChanges(String query, PgSnapshot since) {
        if (query == null) {
            return new LexemesAndChanges(List.of(), changesSince(since));
        }
        return jdbc.execute((Connection con) -> {
            try (PreparedStatement ps = con.prepareStatement(LEXEMES + ";\n" + changesStatement)) {
                ps.setString(1, query);
                bindSince(ps, 2, since);
                ps.execute();
                List<String> lexemes = new ArrayList<>();
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                        lexemes.add(rs.getString(1));
                    }
                }
                if (!ps.getMoreResults(Statement.CLOSE_CURRENT_RESULT)) {
                    throw new IllegalStateException("the change log's read returned no rows");
                }
                try (ResultSet rs = ps.getResultSet()) {
                    return new LexemesAndChanges(lexemes, changes(rs));
                }
            }
        });
    }

    /**
     * Deletes the log's entries older than {@code retention}; returns how many. After a large deletion the table is
     * vacuumed: Athena must stay fast where autovacuum is off, and its deleted rows would otherwise stay in the table
     * and its indexes.
     */
    int prune(Duration retention) {
        int deleted = jdbc.update(
                "DELETE FROM memory_text_changes WHERE logged_at < now() - CAST(? AS interval)",
                retention.toMillis() + " milliseconds");
        if (deleted >= VACUUM_AFTER_ROWS) {
            // No truncation: writes append to the table all the time, and truncating takes a lock that stalls them.
            jdbc.execute("VACUUM (TRUNCATE false) memory_text_changes");
        }
        return deleted;
    }

    private static void bindSince(PreparedStatement ps, int index, PgSnapshot since) throws SQLException {
        ps.setString(index, Long.toString(since.xmax()));
        ps.setString(index + 1, since.inProgressArray());
    }

    private static TextChanges changes(ResultSet rs) throws SQLException {
        PgSnapshot snapshot = null;
        boolean reset = false;
        List<ChangedMemory> memories = new ArrayList<>();
        while (rs.next()) {
            if (snapshot == null) {
                snapshot = PgSnapshot.parse(rs.getString("snapshot"));
            }
            if (rs.getObject("changed") == null) {
                continue;
            }
            UUID id = rs.getObject("memory_id", UUID.class);
            if (id == null) {
                reset = true;
                continue;
            }
            boolean active = rs.getBoolean("active");
            memories.add(new ChangedMemory(
                    id,
                    rs.getString("logged"),
                    rs.getString("project"),
                    active,
                    active ? rs.getTimestamp("created_at").toInstant() : null,
                    active ? instant(rs.getTimestamp("valid_to")) : null,
                    active ? TsVectorText.termFrequencies(rs.getString("terms")) : Map.of(),
                    active ? embedding(rs.getString("embedding")) : null));
        }
        if (snapshot == null) {
            throw new IllegalStateException("the change log's read returned no snapshot");
        }
        return new TextChanges(snapshot, reset, memories);
    }

    private static float[] embedding(String text) throws SQLException {
        return text == null ? null : new PGvector(text).toArray();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
