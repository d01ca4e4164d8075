package dev.athena.memory;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.pgvector.PGvector;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pattern memories as consolidation writes them: created with provenance to their events, reinforced instead of
 * duplicated, linked when they contradict each other. Every method joins the caller's transaction, so a cluster's
 * patterns and its events' consolidation state commit together.
 */
@Service
public class PatternLedger {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SNAPSHOT = MemoryWrites.SNAPSHOT;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    PatternLedger(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The active pattern of the project most similar to the vector, if any. */
    public Optional<SimilarPattern> mostSimilar(String project, float[] vector) {
        return jdbc
                .query(
                        """
                SELECT id, metadata ->> 'pattern_type' AS pattern_type, content, confidence, 1 - (embedding <=> ?) AS
                    similarity
                FROM memories WHERE project = ? AND memory_type = 'pattern' AND state = 'active' AND embedding IS NOT
                    NULL
                ORDER BY embedding <=> ? LIMIT 1
                """,
                        (rs, row) -> new SimilarPattern(
                                rs.getObject("id", UUID.class),
                                rs.getString("pattern_type"),
                                rs.getString("content"),
                                rs.getDouble("similarity"),
                                rs.getDouble("confidence")),
                        new PGvector(vector),
                        project,
                        new PGvector(vector))
                .stream()
                .findFirst();
    }

    /** The active pattern of the project with exactly this statement, if any. */
    public Optional<UUID> withStatement(String project, String statement) {
        return jdbc
                .query(
                        "SELECT id FROM memories WHERE project = ? AND content_hash = ? AND state = 'active'",
                        (rs, row) -> rs.getObject(1, UUID.class),
                        project,
                        ContentHash.of(statement))
                .stream()
                .findFirst();
    }

    public UUID create(NewPattern pattern) {
        UUID id = TimeOrderedIds.next(clock);
        String metadata = JSON.writeValueAsString(Map.of(
                "pattern_type",
                pattern.patternType(),
                "occurrences",
                1,
                "model_validated",
                pattern.modelValidated(),
                "source",
                "consolidation"));
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO memories (id, project, memory_type, content, content_hash, embedding, embedding_model,
                        tags,
                                          metadata, importance, confidence, occurred_at, created_at, updated_at,
                                              valid_from)
                    VALUES (?, ?, 'pattern', ?, ?, ?, ?, ?, CAST(? AS jsonb), 0.6, ?, ?, ?, ?, ?)
                    """);
            Timestamp now = Timestamp.from(clock.instant());
            ps.setObject(1, id);
            ps.setString(2, pattern.project());
            ps.setString(3, pattern.statement());
            ps.setString(4, ContentHash.of(pattern.statement()));
            ps.setObject(5, pattern.embedding() == null ? null : new PGvector(pattern.embedding()));
            ps.setString(6, pattern.embedding() == null ? null : pattern.embeddingModel());
            ps.setArray(7, con.createArrayOf("text", new String[] {"consolidated", pattern.patternType()}));
            ps.setString(8, metadata);
            ps.setDouble(9, pattern.confidence());
            ps.setTimestamp(10, now);
            ps.setTimestamp(11, now);
            ps.setTimestamp(12, now);
            ps.setTimestamp(13, now);
            return ps;
        });
        linkEvents(id, pattern.sourceEvents());
        jdbc.update(
                "INSERT INTO memory_history (memory_id, project, action, after, reason) SELECT m.id, m.project, "
                        + "'created', " + SNAPSHOT + ", 'consolidation' FROM memories m WHERE m.id = ?",
                id);
        return id;
    }

    /**
     * Strengthens an existing pattern seen again in new events: confidence grows with the evidence, the occurrence
     * count grows, and the new events are linked. Events already linked (a cluster revisited for validation) add no
     * evidence; a model's confirmation is still recorded.
     *
     * @return whether the events were new evidence
     */
    public boolean reinforce(
            UUID id, String project, double evidenceConfidence, boolean modelValidated, List<UUID> sourceEvents) {
        List<UUID> known = sourceEvents(id);
        boolean newEvidence = !known.containsAll(sourceEvents);
        int updated = jdbc.update(
                """
                WITH old AS (SELECT m.*, %s AS snapshot FROM memories m WHERE m.id = ? AND m.project = ? AND m.state =
                    'active' FOR UPDATE),
                     upd AS (UPDATE memories m SET
                                 confidence = CASE WHEN ? THEN least(1.0, old.confidence + (1 - old.confidence) * ? *
                                     0.5)
                                                   ELSE old.confidence END,
                                 metadata = jsonb_set(jsonb_set(m.metadata, '{occurrences}',
                                                to_jsonb(coalesce((m.metadata ->> 'occurrences')::int, 1) + CASE WHEN ?
                                                    THEN 1 ELSE 0 END)),
                                            '{model_validated}', to_jsonb(coalesce((m.metadata ->>
                                                'model_validated')::boolean, false) OR ?)),
                                 updated_at = now()
                             FROM old WHERE m.id = old.id RETURNING m.*)
                INSERT INTO memory_history (memory_id, project, action, before, after, reason)
                SELECT upd.id, upd.project, 'reinforced', old.snapshot, to_jsonb(upd) - 'embedding' - 'content_tsv',
                    'consolidation'
                FROM upd JOIN old ON old.id = upd.id
                """.formatted(SNAPSHOT), id, project, newEvidence, evidenceConfidence, newEvidence, modelValidated);
        if (updated == 0) {
            throw new MemoryNotFoundException(id);
        }
        linkEvents(id, sourceEvents);
        return newEvidence;
    }

    /** Records that two patterns disagree; both stay. */
    public void linkContradiction(UUID pattern, UUID contradicted) {
        jdbc.update(
                "INSERT INTO memory_links (memory_id, related_id, relation) VALUES (?, ?, 'contradicts') ON "
                        + "CONFLICT DO NOTHING",
                pattern,
                contradicted);
    }

    /** The events a memory was derived from. */
    public List<UUID> sourceEvents(UUID memoryId) {
        return jdbc.queryForList(
                "SELECT source_id FROM memory_provenance WHERE memory_id = ? AND source_kind = 'event' ORDER BY "
                        + "source_id",
                UUID.class,
                memoryId);
    }

    private void linkEvents(UUID memoryId, List<UUID> events) {
        jdbc.batchUpdate(
                "INSERT INTO memory_provenance (memory_id, source_kind, source_id) VALUES (?, 'event', ?) ON "
                        + "CONFLICT DO NOTHING",
                events,
                events.size(),
                (ps, event) -> {
                    ps.setObject(1, memoryId);
                    ps.setObject(2, event);
                });
    }
}
