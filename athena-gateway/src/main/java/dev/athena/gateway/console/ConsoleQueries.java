package dev.athena.gateway.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The read-only queries behind the console's own endpoints; every one is limited to the projects it is given. */
@Component
class ConsoleQueries {

    /** An event a memory was derived from. */
    record SourceEvent(
            UUID id,
            String sessionId,
            Instant occurredAt,
            String eventType,
            String content,
            String outcome,
            String consolidationState) {}

    /** A skip scan over the (project, ...) indexes: one index probe per project, not a pass over every row. */
    private static final String PROJECTS = """
            WITH RECURSIVE m AS (
                SELECT min(project) AS project FROM memories
                UNION ALL SELECT (SELECT min(project) FROM memories WHERE project > m.project) FROM m
                WHERE m.project IS NOT NULL),
            e AS (
                SELECT min(project) AS project FROM episodic_events
                UNION ALL SELECT (SELECT min(project) FROM episodic_events WHERE project > e.project) FROM e
                WHERE e.project IS NOT NULL)
            SELECT project FROM m WHERE project IS NOT NULL UNION SELECT project FROM e WHERE project IS NOT NULL
            ORDER BY 1 LIMIT ?""";

    private final JdbcTemplate jdbc;

    ConsoleQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<String> projects(int limit) {
        return jdbc.queryForList(PROJECTS, String.class, limit);
    }

    long pendingEmbedding(Collection<String> projects) {
        Long pending = jdbc.queryForObject(
                "SELECT count(*) FROM memories WHERE embedding IS NULL AND state = 'active' AND project = ANY (?)",
                Long.class,
                (Object) projects.toArray(String[]::new));
        return pending == null ? 0 : pending;
    }

    boolean memoryExists(UUID memoryId, String project) {
        String sql = "SELECT 1 FROM memories WHERE id = ? AND project = ?";
        return !jdbc.queryForList(sql, Integer.class, memoryId, project).isEmpty();
    }

    List<SourceEvent> sourceEvents(UUID memoryId, String project, int limit) {
        return jdbc.query("""
                SELECT e.id, e.session_id, e.occurred_at, e.event_type, e.content, e.outcome, e.consolidation_state
                FROM memory_provenance p JOIN episodic_events e ON e.id = p.source_id
                WHERE p.memory_id = ? AND p.source_kind = 'event' AND e.project = ?
                ORDER BY e.occurred_at, e.id LIMIT ?""", ConsoleQueries::sourceEvent, memoryId, project, limit);
    }

    private static SourceEvent sourceEvent(ResultSet row, int i) throws SQLException {
        return new SourceEvent(
                row.getObject("id", UUID.class),
                row.getString("session_id"),
                row.getTimestamp("occurred_at").toInstant(),
                row.getString("event_type"),
                row.getString("content"),
                row.getString("outcome"),
                row.getString("consolidation_state"));
    }
}
