package dev.athena.memory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import com.pgvector.PGvector;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of an import: one statement per table and batch (rows passed as arrays and unnested), every insert {@code ON
 * CONFLICT DO NOTHING} so that a row already there is left as it is. Runs in the importer's transaction.
 */
@Repository
class ProjectImportStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    ProjectImportStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A row to insert under the id it will have here (the archive's, or another where that one is taken). */
    record Placed<T>(UUID id, T row) {}

    /** The project of each of these memories that exists. */
    Map<UUID, String> memoryProjects(Collection<UUID> ids) {
        return projects("memories", ids);
    }

    Map<UUID, String> eventProjects(Collection<UUID> ids) {
        return projects("episodic_events", ids);
    }

    private Map<UUID, String> projects(String table, Collection<UUID> ids) {
        Map<UUID, String> projects = new HashMap<>();
        jdbc.query(
                con -> {
                    PreparedStatement ps =
                            con.prepareStatement("SELECT id, project FROM " + table + " WHERE id = ANY(?)");
                    ps.setArray(1, con.createArrayOf("uuid", ids.toArray()));
                    return ps;
                },
                rs -> {
                    projects.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return projects;
    }

    /** The memories of the project that were purged: an import must not bring erased content back. */
    Set<UUID> purged(String project, Collection<UUID> ids) {
        return ids(con -> {
            PreparedStatement ps = con.prepareStatement(
                    "SELECT DISTINCT memory_id FROM memory_history WHERE project = ? AND action = 'purged' AND "
                            + "memory_id = ANY(?)");
            ps.setString(1, project);
            ps.setArray(2, con.createArrayOf("uuid", ids.toArray()));
            return ps;
        });
    }

    Set<UUID> existingMemories(String project, Collection<UUID> ids) {
        return ids(con -> {
            PreparedStatement ps = con.prepareStatement("SELECT id FROM memories WHERE project = ? AND id = ANY(?)");
            ps.setString(1, project);
            ps.setArray(2, con.createArrayOf("uuid", ids.toArray()));
            return ps;
        });
    }

    /** @return the ids inserted (an idempotency key the project already has leaves its event out) */
    Set<UUID> insertEvents(String project, List<Placed<ArchiveRecords.Event>> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        return ids(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO episodic_events (id, project, session_id, occurred_at, event_type, content, outcome,
                        duration_ms,
                                                 context, consolidation_state, consolidated_at, created_at,
                                                     idempotency_key)
                    SELECT u.id, ?, u.session_id, u.occurred_at, u.event_type, u.content, u.outcome, u.duration_ms,
                           CAST(u.context AS jsonb), u.consolidation_state, u.consolidated_at, u.created_at,
                               u.idempotency_key
                    FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS timestamptz[]), CAST(? AS text[]),
                        CAST(? AS text[]),
                                CAST(? AS text[]), CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[]),
                                CAST(? AS timestamptz[]), CAST(? AS timestamptz[]), CAST(? AS text[])) WITH ORDINALITY
                         AS u(id, session_id, occurred_at, event_type, content, outcome, duration_ms, context,
                              consolidation_state, consolidated_at, created_at, idempotency_key, position)
                    ORDER BY u.position
                    ON CONFLICT DO NOTHING
                    RETURNING id
                    """);
            int i = 1;
            ps.setString(i++, project);
            ps.setArray(i++, array(con, "uuid", events, Placed::id));
            ps.setArray(i++, array(con, "text", events, e -> e.row().sessionId()));
            ps.setArray(i++, array(con, "text", events, e -> timestamp(e.row().occurredAt())));
            ps.setArray(i++, array(con, "text", events, e -> e.row().eventType()));
            ps.setArray(i++, array(con, "text", events, e -> e.row().content()));
            ps.setArray(i++, array(con, "text", events, e -> e.row().outcome()));
            ps.setArray(i++, array(con, "bigint", events, e -> e.row().durationMs()));
            ps.setArray(i++, array(con, "text", events, e -> e.row().context()));
            ps.setArray(i++, array(con, "text", events, e -> e.row().consolidationState()));
            ps.setArray(i++, array(con, "text", events, e -> timestamp(e.row().consolidatedAt())));
            ps.setArray(i++, array(con, "text", events, e -> timestamp(e.row().createdAt())));
            ps.setArray(i, array(con, "text", events, e -> e.row().idempotencyKey()));
            return ps;
        });
    }

    /**
     * Inserts the memories without their {@code superseded_by} (set afterwards, once every successor is there).
     *
     * @return the ids inserted (an active memory of the project with the same content leaves a memory out)
     */
    Set<UUID> insertMemories(String project, List<Placed<ArchiveRecords.Memory>> memories) {
        if (memories.isEmpty()) {
            return Set.of();
        }
        return ids(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO memories (id, project, memory_type, content, content_hash, embedding, embedding_model,
                        tags,
                                          metadata, importance, confidence, occurred_at, created_at, updated_at, state,
                                          valid_from, valid_to)
                    SELECT u.id, ?, u.memory_type, u.content, u.content_hash, CAST(u.embedding AS vector),
                        u.embedding_model,
                           ARRAY(SELECT jsonb_array_elements_text(CAST(u.tags AS jsonb))), CAST(u.metadata AS jsonb),
                           u.importance, u.confidence, u.occurred_at, u.created_at, u.updated_at, u.state, u.valid_from,
                               u.valid_to
                    FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS
                        text[]),
                                CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS float8[]), CAST(? AS
                                    float8[]),
                                CAST(? AS timestamptz[]), CAST(? AS timestamptz[]), CAST(? AS timestamptz[]), CAST(? AS
                                    text[]),
                                CAST(? AS timestamptz[]), CAST(? AS timestamptz[])) WITH ORDINALITY
                         AS u(id, memory_type, content, content_hash, embedding, embedding_model, tags, metadata,
                             importance,
                              confidence, occurred_at, created_at, updated_at, state, valid_from, valid_to, position)
                    ORDER BY u.position
                    ON CONFLICT DO NOTHING
                    RETURNING id
                    """);
            int i = 1;
            ps.setString(i++, project);
            ps.setArray(i++, array(con, "uuid", memories, Placed::id));
            ps.setArray(i++, array(con, "text", memories, m -> m.row().memoryType()));
            ps.setArray(i++, array(con, "text", memories, m -> m.row().content()));
            ps.setArray(i++, array(con, "text", memories, m -> m.row().contentHash()));
            ps.setArray(
                    i++,
                    array(
                            con,
                            "text",
                            memories,
                            m -> m.row().embedding() == null
                                    ? null
                                    : new PGvector(m.row().embedding()).toString()));
            ps.setArray(i++, array(con, "text", memories, m -> m.row().embeddingModel()));
            ps.setArray(
                    i++,
                    array(
                            con,
                            "text",
                            memories,
                            m -> JSON.writeValueAsString(m.row().tags())));
            ps.setArray(i++, array(con, "text", memories, m -> m.row().metadata()));
            ps.setArray(i++, array(con, "float8", memories, m -> m.row().importance()));
            ps.setArray(i++, array(con, "float8", memories, m -> m.row().confidence()));
            ps.setArray(i++, array(con, "text", memories, m -> timestamp(m.row().occurredAt())));
            ps.setArray(i++, array(con, "text", memories, m -> timestamp(m.row().createdAt())));
            ps.setArray(i++, array(con, "text", memories, m -> timestamp(m.row().updatedAt())));
            ps.setArray(i++, array(con, "text", memories, m -> m.row().state()));
            ps.setArray(i++, array(con, "text", memories, m -> timestamp(m.row().validFrom())));
            ps.setArray(i, array(con, "text", memories, m -> timestamp(m.row().validTo())));
            return ps;
        });
    }

    void setSuccessors(Map<UUID, UUID> successorOf) {
        if (successorOf.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    UPDATE memories m SET superseded_by = u.successor
                    FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[])) AS u(id, successor) WHERE m.id = u.id
                    """);
            List<Map.Entry<UUID, UUID>> pairs = List.copyOf(successorOf.entrySet());
            ps.setArray(1, array(con, "uuid", pairs, Map.Entry::getKey));
            ps.setArray(2, array(con, "uuid", pairs, Map.Entry::getValue));
            return ps;
        });
    }

    /** History entries keep their order and times; their ids are this database's. */
    void insertHistory(String project, List<Placed<ArchiveRecords.History>> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO memory_history (memory_id, project, action, before, after, reason, created_at)
                    SELECT u.memory_id, ?, u.action, CAST(u.before AS jsonb), CAST(u.after AS jsonb), u.reason, u.at
                    FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS
                        text[]),
                                CAST(? AS timestamptz[])) WITH ORDINALITY AS u(memory_id, action, before, after, reason,
                                    at, position)
                    ORDER BY u.position
                    """);
            ps.setString(1, project);
            ps.setArray(2, array(con, "uuid", entries, Placed::id));
            ps.setArray(3, array(con, "text", entries, e -> e.row().action()));
            ps.setArray(4, array(con, "text", entries, e -> e.row().before()));
            ps.setArray(5, array(con, "text", entries, e -> e.row().after()));
            ps.setArray(6, array(con, "text", entries, e -> e.row().reason()));
            ps.setArray(7, array(con, "text", entries, e -> timestamp(e.row().at())));
            return ps;
        });
    }

    void insertProvenance(List<Placed<ArchiveRecords.Provenance>> sources) {
        if (sources.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO memory_provenance (memory_id, source_kind, source_id, created_at)
                    SELECT u.memory_id, u.source_kind, u.source_id, coalesce(u.created_at, now())
                    FROM unnest(CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS uuid[]), CAST(? AS timestamptz[]))
                         AS u(memory_id, source_kind, source_id, created_at)
                    ON CONFLICT DO NOTHING
                    """);
            ps.setArray(1, array(con, "uuid", sources, Placed::id));
            ps.setArray(2, array(con, "text", sources, s -> s.row().sourceKind()));
            ps.setArray(3, array(con, "uuid", sources, s -> s.row().sourceId()));
            ps.setArray(4, array(con, "text", sources, s -> timestamp(s.row().createdAt())));
            return ps;
        });
    }

    void insertAccess(List<Placed<ArchiveRecords.Memory>> accessed) {
        if (accessed.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO memory_access (memory_id, access_count, last_accessed_at)
                    SELECT u.memory_id, u.access_count, u.last_accessed_at
                    FROM unnest(CAST(? AS uuid[]), CAST(? AS bigint[]), CAST(? AS timestamptz[])) AS u(memory_id,
                        access_count, last_accessed_at)
                    ON CONFLICT DO NOTHING
                    """);
            ps.setArray(1, array(con, "uuid", accessed, Placed::id));
            ps.setArray(2, array(con, "bigint", accessed, m -> m.row().accessCount()));
            ps.setArray(
                    3,
                    array(
                            con,
                            "text",
                            accessed,
                            m -> timestamp(
                                    m.row().lastAccessedAt() == null
                                            ? m.row().updatedAt()
                                            : m.row().lastAccessedAt())));
            return ps;
        });
    }

    /** @return how many links were new */
    int insertLinks(List<ArchiveRecords.Link> links) {
        if (links.isEmpty()) {
            return 0;
        }
        return jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO memory_links (memory_id, related_id, relation, created_at)
                    SELECT u.memory_id, u.related_id, u.relation, coalesce(u.created_at, now())
                    FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS timestamptz[]))
                         AS u(memory_id, related_id, relation, created_at)
                    ON CONFLICT DO NOTHING
                    """);
            ps.setArray(1, array(con, "uuid", links, ArchiveRecords.Link::memoryId));
            ps.setArray(2, array(con, "uuid", links, ArchiveRecords.Link::relatedId));
            ps.setArray(3, array(con, "text", links, ArchiveRecords.Link::relation));
            ps.setArray(4, array(con, "text", links, l -> timestamp(l.createdAt())));
            return ps;
        });
    }

    private Set<UUID> ids(org.springframework.jdbc.core.PreparedStatementCreator query) {
        Set<UUID> ids = new HashSet<>();
        jdbc.query(query, rs -> {
            ids.add(rs.getObject(1, UUID.class));
        });
        return ids;
    }

    private static <T> Array array(Connection con, String type, List<T> rows, Function<T, Object> column)
            throws SQLException {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return con.createArrayOf(type, values);
    }

    /** Instants go as ISO-8601 text (cast to timestamptz in SQL): exact whatever the session's time zone. */
    private static String timestamp(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
