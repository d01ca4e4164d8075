package dev.athena.memory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.pgvector.PGvector;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Remember's, forget's and purge's writes to {@code memories}, each with its history entry in the same statement
 * ({@code ON CONFLICT}, CTEs: what JPA cannot express), and the duplicate lookups that decide whether an insert
 * happens. Patterns ({@link PatternLedger}), imports ({@link ProjectImportStore}) and vectors
 * ({@link EmbeddingBackfill}) have their own SQL.
 */
@Repository
class MemoryWrites {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A memory as history stores it: every column but the vector and the derived tsvector. */
    static final String SNAPSHOT = "to_jsonb(m) - 'embedding' - 'content_tsv'";
    /** Nearest neighbours looked at for near-duplicate detection; pgvector's default {@code hnsw.ef_search} is 40. */
    static final int NEAR_DUPLICATE_CANDIDATES = 40;

    private final JdbcTemplate jdbc;
    private final VectorIndex index;

    MemoryWrites(JdbcTemplate jdbc, VectorIndex index) {
        this.jdbc = jdbc;
        this.index = index;
    }

    /** A near neighbour of a vector within a project, for near-duplicate detection. */
    record Neighbour(UUID id, double similarity) {}

    /**
     * Inserts the memories, skipping any whose content is already active in its project, and records a 'created'
     * history entry for each one inserted, in the same statement (so history never has to find the rows again).
     *
     * <p>One multi-row statement for the whole batch, in the order given: one plan, one round trip, and the text
     * statistics trigger (V8) runs once and appends one change per distinct term of the batch instead of one per term
     * of each memory.
     *
     * @return for each memory, in order, whether it was inserted (false: the unique content index refused it)
     */
    boolean[] insertIfAbsentWithHistory(List<NewMemory> memories) {
        if (memories.isEmpty()) {
            return new boolean[0];
        }
        Set<UUID> inserted = new HashSet<>();
        jdbc.query(
                con -> {
                    PreparedStatement ps = con.prepareStatement("""
                    WITH input AS (
                        SELECT * FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                                             CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                                             CAST(? AS text[]), CAST(? AS float8[]), CAST(? AS text[]),
                                             CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]))
                                      WITH ORDINALITY AS i(id, project, memory_type, content, content_hash, embedding,
                                                           embedding_model, tags, metadata, importance, occurred_at,
                                                           created_at, valid_from, valid_to, position)),
                    inserted AS (
                        INSERT INTO memories (id, project, memory_type, content, content_hash, embedding,
                            embedding_model,
                                              tags, metadata, importance, occurred_at, created_at, updated_at,
                                                  valid_from, valid_to)
                        SELECT id, project, memory_type, content, content_hash, CAST(embedding AS vector),
                            embedding_model,
                               ARRAY(SELECT jsonb_array_elements_text(CAST(tags AS jsonb))), CAST(metadata AS jsonb),
                               importance, CAST(occurred_at AS timestamptz), CAST(created_at AS timestamptz),
                               CAST(created_at AS timestamptz), CAST(valid_from AS timestamptz), CAST(valid_to AS
                                   timestamptz)
                        FROM input ORDER BY position
                        ON CONFLICT (project, content_hash) WHERE state = 'active' DO NOTHING
                        RETURNING *),
                    history AS (
                        INSERT INTO memory_history (memory_id, project, action, after)
                        SELECT m.id, m.project, 'created', %s FROM inserted m)
                    SELECT id FROM inserted
                    """.formatted(SNAPSHOT));
                    int size = memories.size();
                    Object[] ids = new Object[size];
                    String[] projects = new String[size];
                    String[] types = new String[size];
                    String[] contents = new String[size];
                    String[] hashes = new String[size];
                    String[] vectors = new String[size];
                    String[] models = new String[size];
                    String[] tags = new String[size];
                    String[] metadata = new String[size];
                    Double[] importance = new Double[size];
                    // Instants as ISO-8601 text: unambiguous whatever the session's time zone.
                    String[] occurred = new String[size];
                    String[] created = new String[size];
                    String[] validFrom = new String[size];
                    String[] validTo = new String[size];
                    for (int i = 0; i < size; i++) {
                        NewMemory memory = memories.get(i);
                        MemoryDraft draft = memory.draft();
                        ids[i] = memory.id();
                        projects[i] = draft.project();
                        types[i] = draft.memoryType().wireName();
                        contents[i] = draft.content();
                        hashes[i] = draft.contentHash();
                        vectors[i] = memory.embedding() == null ? null : new PGvector(memory.embedding()).getValue();
                        models[i] = memory.embedding() == null ? null : memory.embeddingModel();
                        tags[i] = JSON.writeValueAsString(draft.tags());
                        metadata[i] = draft.metadataJson();
                        importance[i] = draft.importance();
                        occurred[i] = draft.occurredAt().toString();
                        created[i] = memory.createdAt().toString();
                        validFrom[i] = draft.validFrom().toString();
                        validTo[i] =
                                draft.validTo() == null ? null : draft.validTo().toString();
                    }
                    int p = 1;
                    ps.setArray(p++, con.createArrayOf("uuid", ids));
                    ps.setArray(p++, con.createArrayOf("text", projects));
                    ps.setArray(p++, con.createArrayOf("text", types));
                    ps.setArray(p++, con.createArrayOf("text", contents));
                    ps.setArray(p++, con.createArrayOf("text", hashes));
                    ps.setArray(p++, con.createArrayOf("text", vectors));
                    ps.setArray(p++, con.createArrayOf("text", models));
                    ps.setArray(p++, con.createArrayOf("text", tags));
                    ps.setArray(p++, con.createArrayOf("text", metadata));
                    ps.setArray(p++, con.createArrayOf("float8", importance));
                    ps.setArray(p++, con.createArrayOf("text", occurred));
                    ps.setArray(p++, con.createArrayOf("text", created));
                    ps.setArray(p++, con.createArrayOf("text", validFrom));
                    ps.setArray(p, con.createArrayOf("text", validTo));
                    return ps;
                },
                rs -> {
                    inserted.add(rs.getObject(1, UUID.class));
                });
        boolean[] result = new boolean[memories.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = inserted.contains(memories.get(i).id());
        }
        return result;
    }

    /**
     * The active memory of the project holding each content hash, where there is one (the unique index allows one). One
     * index lookup per hash whatever the planner's statistics say (the LIMIT keeps the lookup a subquery of its own,
     * run per hash, instead of a join the planner may turn into a scan): with {@code content_hash = ANY(?)} a planner
     * without statistics (a fresh table, autovacuum off) expects a 500-hash batch to match most rows and scans the
     * whole table.
     */
    Map<String, UUID> activeIdsByContentHash(String project, List<String> hashes) {
        Map<String, UUID> ids = new HashMap<>();
        jdbc.query(
                con -> {
                    PreparedStatement ps = con.prepareStatement("""
                    SELECT h.hash, m.id FROM unnest(CAST(? AS text[])) AS h(hash)
                    CROSS JOIN LATERAL (SELECT id FROM memories
                                        WHERE project = ? AND state = 'active' AND content_hash = h.hash LIMIT 1) m
                    """);
                    ps.setArray(1, con.createArrayOf("text", hashes.toArray()));
                    ps.setString(2, project);
                    return ps;
                },
                rs -> {
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
            // pgvector's default search, whatever the database's defaults: the candidates are taken before the
            // filters on purpose (see above), so the scan stops at them.
            try (PreparedStatement ps =
                    HnswSearchSettings.prepare(con, HnswSearchSettings.IterativeScan.OFF, """
                    SELECT q.ordinality - 1 AS position, n.id, 1 - n.distance AS similarity
                    FROM unnest(CAST(? AS vector[]), CAST(? AS uuid[])) WITH ORDINALITY AS q(v, excluded, ordinality)
                    CROSS JOIN LATERAL (
                        SELECT c.id, c.distance FROM (
                            SELECT m.id, m.project, m.state, m.embedding <=> q.v AS distance, %1$s AS approximate
                            FROM memories m WHERE m.embedding IS NOT NULL
                            ORDER BY %1$s LIMIT %2$d) c
                        WHERE c.project = ? AND c.state = 'active' AND c.id IS DISTINCT FROM q.excluded
                        ORDER BY c.approximate LIMIT 1) n
                    """.formatted(
                                    index.approximateDistance("m.embedding", "q.v"), NEAR_DUPLICATE_CANDIDATES))) {
                ps.setString(1, Integer.toString(NEAR_DUPLICATE_CANDIDATES));
                ps.setArray(
                        2,
                        con.createArrayOf(
                                "text",
                                vectors.stream()
                                        .map(v -> new PGvector(v).toString())
                                        .toArray()));
                ps.setArray(3, con.createArrayOf("uuid", excluded.toArray()));
                ps.setString(4, project);
                ps.execute();
                // The first result is the settings'; the second the neighbours.
                if (ps.getMoreResults()) {
                    try (ResultSet rs = ps.getResultSet()) {
                        while (rs.next()) {
                            nearest[rs.getInt("position")] =
                                    new Neighbour(rs.getObject("id", UUID.class), rs.getDouble("similarity"));
                        }
                    }
                }
            }
            return null;
        });
        return Arrays.asList(nearest);
    }

    /**
     * Moves one active memory of a project to a new state and records the change, atomically with the caller's
     * transaction. The memory stops being valid at {@code validUntil} (see {@link #ENDS_VALIDITY}).
     *
     * @return false when the memory is not active in that project (missing, other project, or already changed)
     */
    boolean changeState(
            UUID id,
            String project,
            MemoryState to,
            UUID supersededBy,
            Instant validUntil,
            String action,
            String reason) {
        Timestamp end = Timestamp.from(validUntil);
        List<Integer> changed = jdbc.query(
                transition(
                        "m.id = ? AND m.project = ? AND m.state = 'active'",
                        "state = ?, superseded_by = ?, " + ENDS_VALIDITY),
                (rs, row) -> rs.getInt(1),
                id,
                project,
                to.wireName(),
                supersededBy,
                end,
                end,
                action,
                reason);
        return !changed.isEmpty();
    }

    /**
     * Ends a memory's validity at the instant given twice as parameters: an earlier end it already had stays, and it
     * never ends before it began (a successor valid from before it means it never held).
     */
    static final String ENDS_VALIDITY = "valid_to = greatest(m.valid_from, least(coalesce(m.valid_to, ?), ?))";

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

    /** The memories {@link #forgetMatching} ends: active ones of a project, narrowed by the filter's parts given. */
    private static final String FORGET_MATCHING_WHERE = """
            m.project = ? AND m.state = 'active'
              AND (CAST(? AS text) IS NULL OR m.memory_type = ?)
              AND (cardinality(CAST(? AS text[])) = 0 OR m.tags && CAST(? AS text[]))
              AND (CAST(? AS timestamptz) IS NULL OR m.created_at < ?)
              AND (CAST(? AS timestamptz) IS NULL OR m.created_at >= ?)""";

    int forgetMatching(String project, ForgetFilter filter, Instant validUntil, String reason) {
        return jdbc.query(
                        con -> {
                            PreparedStatement ps = con.prepareStatement(
                                    transition(FORGET_MATCHING_WHERE, "state = 'forgotten', " + ENDS_VALIDITY));
                            String type = filter.memoryType() == null
                                    ? null
                                    : filter.memoryType().wireName();
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
                            ps.setTimestamp(10, Timestamp.from(validUntil));
                            ps.setTimestamp(11, Timestamp.from(validUntil));
                            ps.setString(12, "forgotten");
                            ps.setString(13, reason);
                            return ps;
                        },
                        (rs, row) -> 1)
                .size();
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
        jdbc.update(
                "UPDATE memory_history SET before = NULL, after = NULL, reason = NULL WHERE memory_id = ?"
                        + " AND (before IS NOT NULL OR after IS NOT NULL OR reason IS NOT NULL)",
                id);
        jdbc.update("DELETE FROM memory_provenance WHERE source_kind = 'memory' AND source_id = ?", id);
        jdbc.update(
                "INSERT INTO memory_history (memory_id, project, action, reason) VALUES (?, ?, 'purged', ?)",
                id,
                project,
                reason);
        return true;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
