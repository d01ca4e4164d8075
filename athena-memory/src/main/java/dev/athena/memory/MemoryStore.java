package dev.athena.memory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pgvector.PGvector;
import dev.athena.embedding.EmbeddingClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The SQL that JPA cannot express: idempotent inserts, pgvector and full-text search, bulk state changes. */
@Repository
class MemoryStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };
    /** A memory as history stores it: every column but the vector and the derived tsvector. */
    static final String SNAPSHOT = "to_jsonb(m) - 'embedding' - 'content_tsv'";
    /** Nearest neighbours looked at for near-duplicate detection; pgvector's default {@code hnsw.ef_search} is 40. */
    static final int NEAR_DUPLICATE_CANDIDATES = 40;

    private final JdbcTemplate jdbc;
    private final int dimension;

    MemoryStore(JdbcTemplate jdbc, EmbeddingClient embeddings) {
        this.jdbc = jdbc;
        this.dimension = embeddings.model().dimension();
    }

    /** A near neighbour of a vector within a project, for near-duplicate detection. */
    record Neighbour(UUID id, double similarity) {
    }

    /**
     * Inserts the memories, skipping any whose content is already active in its project, and records a 'created'
     * history entry for each one inserted, in the same statement (so history never has to find the rows again).
     *
     * @return for each memory, in order, whether it was inserted (false: the unique content index refused it)
     */
    boolean[] insertIfAbsentWithHistory(List<NewMemory> memories) {
        if (memories.isEmpty()) {
            return new boolean[0];
        }
        int[][] counts = jdbc.batchUpdate("""
                WITH inserted AS (
                    INSERT INTO memories (id, project, memory_type, content, content_hash, embedding, embedding_model,
                                          tags, metadata, importance, occurred_at, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                    ON CONFLICT (project, content_hash) WHERE state = 'active' DO NOTHING
                    RETURNING *)
                INSERT INTO memory_history (memory_id, project, action, after)
                SELECT m.id, m.project, 'created', %s FROM inserted m
                """.formatted(SNAPSHOT), memories, memories.size(), MemoryStore::bindInsert);
        boolean[] inserted = new boolean[memories.size()];
        int i = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                inserted[i++] = count != 0;
            }
        }
        return inserted;
    }

    private static void bindInsert(PreparedStatement ps, NewMemory memory) throws SQLException {
        MemoryDraft draft = memory.draft();
        Timestamp now = Timestamp.from(memory.createdAt());
        ps.setObject(1, memory.id());
        ps.setString(2, draft.project());
        ps.setString(3, draft.memoryType().wireName());
        ps.setString(4, draft.content());
        ps.setString(5, draft.contentHash());
        ps.setObject(6, memory.embedding() == null ? null : new PGvector(memory.embedding()));
        ps.setString(7, memory.embedding() == null ? null : memory.embeddingModel());
        ps.setArray(8, ps.getConnection().createArrayOf("text", draft.tags().toArray()));
        ps.setString(9, draft.metadataJson());
        ps.setDouble(10, draft.importance());
        ps.setTimestamp(11, Timestamp.from(draft.occurredAt()));
        ps.setTimestamp(12, now);
        ps.setTimestamp(13, now);
    }

    /**
     * The active memory of the project holding each content hash, where there is one (the unique index allows one).
     * One index lookup per hash whatever the planner's statistics say (the LIMIT keeps the lookup a subquery of its
     * own, run per hash, instead of a join the planner may turn into a scan): with {@code content_hash = ANY(?)} a planner without statistics (a fresh
     * table, autovacuum off) expects a 500-hash batch to match most rows and scans the whole table.
     */
    Map<String, UUID> activeIdsByContentHash(String project, List<String> hashes) {
        Map<String, UUID> ids = new java.util.HashMap<>();
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    SELECT h.hash, m.id FROM unnest(CAST(? AS text[])) AS h(hash)
                    CROSS JOIN LATERAL (SELECT id FROM memories
                                        WHERE project = ? AND state = 'active' AND content_hash = h.hash LIMIT 1) m
                    """);
            ps.setArray(1, con.createArrayOf("text", hashes.toArray()));
            ps.setString(2, project);
            return ps;
        }, rs -> {
            ids.put(rs.getString(1), rs.getObject(2, UUID.class));
        });
        return ids;
    }

    /**
     * The closest active, embedded memory of the project to each vector among its {@value #NEAR_DUPLICATE_CANDIDATES}
     * nearest neighbours in the whole table (null where none of them qualifies), in one query for all vectors.
     *
     * <p>The neighbours are taken from the HNSW index before the project and state are checked, so the plan never
     * depends on statistics: with the filters inside, a planner that believes the project small (no ANALYZE yet after a
     * bulk import, or autovacuum off) scans and sorts the whole project for every vector, which made a 500-item batch
     * take seconds at 10,000 memories. A near duplicate of a vector is among its nearest neighbours in any project, so
     * it is only missed when more than that many closer memories belong to other projects or are no longer active.
     *
     * @param excluded per vector, a memory to ignore (the one it supersedes), or null
     */
    List<Neighbour> nearestActive(String project, List<float[]> vectors, List<UUID> excluded) {
        Neighbour[] nearest = new Neighbour[vectors.size()];
        if (vectors.isEmpty()) {
            return List.of();
        }
        jdbc.execute((Connection con) -> {
            // Recall leaves its own search settings on pooled connections; this search needs pgvector's defaults.
            try (PreparedStatement settings = con.prepareStatement(
                    "SELECT set_config('hnsw.ef_search', ?, false), set_config('hnsw.iterative_scan', 'off', false)")) {
                settings.setString(1, Integer.toString(NEAR_DUPLICATE_CANDIDATES));
                settings.executeQuery().close();
            }
            try (PreparedStatement ps = con.prepareStatement("""
                    SELECT q.ordinality - 1 AS position, n.id, 1 - n.distance AS similarity
                    FROM unnest(CAST(? AS vector[]), CAST(? AS uuid[])) WITH ORDINALITY AS q(v, excluded, ordinality)
                    CROSS JOIN LATERAL (
                        SELECT c.id, c.distance FROM (
                            SELECT m.id, m.project, m.state, m.embedding <=> q.v AS distance, %1$s AS approximate
                            FROM memories m WHERE m.embedding IS NOT NULL
                            ORDER BY %1$s LIMIT %2$d) c
                        WHERE c.project = ? AND c.state = 'active' AND c.id IS DISTINCT FROM q.excluded
                        ORDER BY c.approximate LIMIT 1) n
                    """.formatted(VectorIndex.approximateDistance("m.embedding", "q.v", dimension), NEAR_DUPLICATE_CANDIDATES))) {
                ps.setArray(1, con.createArrayOf("text", vectors.stream().map(v -> new PGvector(v).toString()).toArray()));
                ps.setArray(2, con.createArrayOf("uuid", excluded.toArray()));
                ps.setString(3, project);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        nearest[rs.getInt("position")] = new Neighbour(rs.getObject("id", UUID.class), rs.getDouble("similarity"));
                    }
                }
            }
            return null;
        });
        return Arrays.asList(nearest);
    }

    /**
     * Moves one active memory of a project to a new state and records the change, atomically with the caller's
     * transaction.
     *
     * @return false when the memory is not active in that project (missing, other project, or already changed)
     */
    boolean changeState(UUID id, String project, MemoryState to, UUID supersededBy, String action, String reason) {
        List<Integer> changed = jdbc.query(transition("m.id = ? AND m.project = ? AND m.state = 'active'",
                        "state = ?, superseded_by = ?"), (rs, row) -> rs.getInt(1),
                id, project, to.wireName(), supersededBy, action, reason);
        return !changed.isEmpty();
    }

    /**
     * One statement that moves the active memories matching {@code where} to a new state ({@code set}) and appends a
     * history entry with their before and after snapshots for each; it returns one row per memory moved. Parameters:
     * those of {@code where}, then of {@code set}, then the history action and reason.
     */
    private static String transition(String where, String set) {
        return """
                WITH old AS (SELECT m.*, %s AS snapshot FROM memories m WHERE %s FOR UPDATE),
                     upd AS (UPDATE memories m SET %s, updated_at = now() FROM old WHERE m.id = old.id RETURNING m.*)
                INSERT INTO memory_history (memory_id, project, action, before, after, reason)
                SELECT upd.id, upd.project, ?, old.snapshot, to_jsonb(upd) - 'embedding' - 'content_tsv', ?
                FROM upd JOIN old ON old.id = upd.id
                RETURNING 1
                """.formatted(SNAPSHOT, where, set);
    }

    int forgetMatching(String project, ForgetFilter filter, String reason) {
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(transition("""
                    m.project = ? AND m.state = 'active'
                      AND (CAST(? AS text) IS NULL OR m.memory_type = ?)
                      AND (cardinality(CAST(? AS text[])) = 0 OR m.tags && CAST(? AS text[]))
                      AND (CAST(? AS timestamptz) IS NULL OR m.created_at < ?)
                      AND (CAST(? AS timestamptz) IS NULL OR m.created_at >= ?)""", "state = 'forgotten'"));
            String type = filter.memoryType() == null ? null : filter.memoryType().wireName();
            Array tags = con.createArrayOf("text", filter.tags().toArray());
            Timestamp before = timestamp(filter.createdBefore());
            Timestamp after = timestamp(filter.createdAfter());
            ps.setString(1, project);
            ps.setString(2, type);
            ps.setString(3, type);
            ps.setArray(4, tags);
            ps.setArray(5, tags);
            ps.setTimestamp(6, before);
            ps.setTimestamp(7, before);
            ps.setTimestamp(8, after);
            ps.setTimestamp(9, after);
            ps.setString(10, "forgotten");
            ps.setString(11, reason);
            return ps;
        }, (rs, row) -> 1).size();
    }

    /**
     * Erases a memory: deletes the row and its provenance, blanks every history snapshot of it and the free-text reason
     * of every earlier entry, and appends a content-free 'purged' entry.
     *
     * @return false when no memory with that id exists in the project
     */
    boolean purge(UUID id, String project, String reason) {
        int deleted = jdbc.update("DELETE FROM memories WHERE id = ? AND project = ?", id, project);
        if (deleted == 0) {
            return false;
        }
        jdbc.update("UPDATE memory_history SET before = NULL, after = NULL, reason = NULL WHERE memory_id = ?"
                + " AND (before IS NOT NULL OR after IS NOT NULL OR reason IS NOT NULL)", id);
        jdbc.update("DELETE FROM memory_provenance WHERE source_kind = 'memory' AND source_id = ?", id);
        jdbc.update("INSERT INTO memory_history (memory_id, project, action, reason) VALUES (?, ?, 'purged', ?)",
                id, project, reason);
        return true;
    }

    /** A page of one project's memories, newest first, after the (created_at, id) position of the cursor. */
    List<Memory> page(String project, MemoryType type, List<String> tags, MemoryState state, PageCursor after, int limit) {
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    SELECT m.*, coalesce(a.access_count, 0) AS access_count, a.last_accessed_at
                    FROM memories m LEFT JOIN memory_access a ON a.memory_id = m.id
                    WHERE m.project = ? AND m.state = ?
                      AND (CAST(? AS text) IS NULL OR m.memory_type = ?)
                      AND (cardinality(CAST(? AS text[])) = 0 OR m.tags && CAST(? AS text[]))
                      AND (CAST(? AS timestamptz) IS NULL OR (m.created_at, m.id) < (?, ?))
                    ORDER BY m.created_at DESC, m.id DESC
                    LIMIT ?
                    """);
            String typeName = type == null ? null : type.wireName();
            Array tagArray = con.createArrayOf("text", tags.toArray());
            Timestamp afterTime = after == null ? null : Timestamp.from(after.createdAt());
            ps.setString(1, project);
            ps.setString(2, state.wireName());
            ps.setString(3, typeName);
            ps.setString(4, typeName);
            ps.setArray(5, tagArray);
            ps.setArray(6, tagArray);
            ps.setTimestamp(7, afterTime);
            ps.setTimestamp(8, afterTime);
            ps.setObject(9, after == null ? null : after.id());
            ps.setInt(10, limit);
            return ps;
        }, MEMORY);
    }

    List<HistoryEntry> history(UUID id, String project) {
        return jdbc.query("SELECT * FROM memory_history WHERE memory_id = ? AND project = ? ORDER BY id",
                (rs, row) -> new HistoryEntry(rs.getLong("id"), rs.getObject("memory_id", UUID.class), rs.getString("action"),
                        json(rs.getString("before")), json(rs.getString("after")), rs.getString("reason"),
                        rs.getTimestamp("created_at").toInstant()),
                id, project);
    }

    int embeddingColumnDimension() {
        Integer typmod = jdbc.queryForObject("""
                SELECT atttypmod FROM pg_attribute
                WHERE attrelid = 'memories'::regclass AND attname = 'embedding'
                """, Integer.class);
        return typmod == null ? -1 : typmod;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Map<String, Object> json(String value) {
        return value == null ? null : JSON.readValue(value, JSON_OBJECT);
    }

    private static final RowMapper<Memory> MEMORY = (rs, row) -> new Memory(
            rs.getObject("id", UUID.class),
            rs.getString("project"),
            MemoryType.fromWireName("memory_type", rs.getString("memory_type")),
            rs.getString("content"),
            tags(rs),
            json(rs.getString("metadata")),
            rs.getDouble("importance"),
            rs.getDouble("confidence"),
            rs.getLong("access_count"),
            instant(rs, "last_accessed_at"),
            instant(rs, "occurred_at"),
            instant(rs, "created_at"),
            instant(rs, "updated_at"),
            MemoryState.fromWireName("state", rs.getString("state")),
            rs.getObject("superseded_by", UUID.class),
            rs.getString("embedding_model"),
            rs.getObject("embedding") != null);

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static List<String> tags(ResultSet rs) throws SQLException {
        Array array = rs.getArray("tags");
        return array == null ? List.of() : new ArrayList<>(Arrays.asList((String[]) array.getArray()));
    }
}
