package dev.athena.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.athena.embedding.EmbeddingClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one project as a {@link ProjectArchive}, row by row: the database hands rows over in fetches of
 * {@value #FETCH_SIZE} and each becomes a line at once, so a project of any size streams in constant memory. The lines
 * are built by PostgreSQL, in one repeatable-read snapshot, so the file is consistent even while the project is being
 * written to. Purged memories are not exported: erasure is erasure.
 */
@Service
public class ProjectExporter {

    static final int FETCH_SIZE = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final EmbeddingClient embeddings;
    private final MemoryProperties properties;
    private final Clock clock;

    ProjectExporter(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            EmbeddingClient embeddings,
            MemoryProperties properties,
            Clock clock) {
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setFetchSize(FETCH_SIZE);
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.embeddings = embeddings;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Writes the project to {@code out} (flushed, not closed).
     *
     * @param withVectors whether memories carry their vectors; without them an import re-embeds every memory
     */
    public ExportSummary export(String project, boolean withVectors, Writer out) {
        String resolved = properties.resolveProject(project);
        return snapshot.execute(status -> {
            writeLine(out, JSON.writeValueAsString(header(resolved, withVectors)));
            long events = stream(EVENTS, out, resolved);
            long memories = stream(MEMORIES, out, withVectors, resolved);
            long links = stream(LINKS, out, resolved);
            Map<String, Object> end = new LinkedHashMap<>();
            end.put("kind", ProjectArchive.END);
            end.put("events", events);
            end.put("memories", memories);
            end.put("links", links);
            writeLine(out, JSON.writeValueAsString(end));
            flush(out);
            return new ExportSummary(resolved, events, memories, links);
        });
    }

    private Map<String, Object> header(String project, boolean withVectors) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", ProjectArchive.FORMAT);
        header.put("version", ProjectArchive.VERSION);
        header.put("project", project);
        header.put("exported_at", clock.instant().toString());
        header.put("embedding_model", embeddings.model().name());
        header.put("embedding_dimension", embeddings.model().dimension());
        header.put("vectors", withVectors);
        return header;
    }

    private long stream(String sql, Writer out, Object... parameters) {
        long[] lines = {0};
        jdbc.query(
                sql,
                rs -> {
                    writeLine(out, rs.getString(1));
                    lines[0]++;
                },
                parameters);
        return lines[0];
    }

    private static void writeLine(Writer out, String line) {
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("the export's reader went away", e);
        }
    }

    private static void flush(Writer out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the export's reader went away", e);
        }
    }

    private static final String EVENTS = """
            SELECT json_build_object('kind', 'event', 'id', e.id, 'session_id', e.session_id, 'occurred_at', %s,
                                     'event_type', e.event_type, 'content', e.content, 'outcome', e.outcome,
                                     'duration_ms', e.duration_ms, 'context', e.context,
                                     'consolidation_state', e.consolidation_state, 'consolidated_at', %s,
                                     'created_at', %s, 'idempotency_key', e.idempotency_key)::text
            FROM episodic_events e WHERE e.project = ?
            ORDER BY e.occurred_at, e.id
            """.formatted(
                    ProjectArchive.instant("e.occurred_at"),
                    ProjectArchive.instant("e.consolidated_at"),
                    ProjectArchive.instant("e.created_at"));

    /** Newest first: a memory's successor precedes it, so an import can point {@code superseded_by} at it. */
    private static final String MEMORIES = """
            SELECT json_build_object('kind', 'memory', 'id', m.id, 'memory_type', m.memory_type, 'content', m.content,
                                     'tags', m.tags, 'metadata', m.metadata, 'importance', m.importance,
                                     'confidence', m.confidence, 'state', m.state, 'superseded_by', m.superseded_by,
                                     'occurred_at', %s, 'created_at', %s, 'updated_at', %s,
                                     'valid_from', %s, 'valid_to', %s,
                                     'access_count', coalesce(a.access_count, 0), 'last_accessed_at', %s,
                                     'embedding_model', m.embedding_model,
                                     'embedding', CASE WHEN ? THEN CAST(CAST(m.embedding AS text) AS json) END,
                                     'history', (SELECT coalesce(json_agg(json_build_object(
                                                     'action', h.action, 'before', h.before, 'after', h.after,
                                                     'reason', h.reason, 'at', %s) ORDER BY h.id), '[]')
                                                 FROM memory_history h WHERE h.memory_id = m.id AND h.project =
                                                     m.project),
                                     'provenance', (SELECT coalesce(json_agg(json_build_object(
                                                        'source_kind', p.source_kind, 'source_id', p.source_id,
                                                        'created_at', %s) ORDER BY p.source_kind, p.source_id), '[]')
                                                    FROM memory_provenance p WHERE p.memory_id = m.id))::text
            FROM memories m LEFT JOIN memory_access a ON a.memory_id = m.id
            WHERE m.project = ?
            ORDER BY m.created_at DESC, m.id DESC
            """.formatted(
                    ProjectArchive.instant("m.occurred_at"),
                    ProjectArchive.instant("m.created_at"),
                    ProjectArchive.instant("m.updated_at"),
                    ProjectArchive.instant("m.valid_from"),
                    ProjectArchive.instant("m.valid_to"),
                    ProjectArchive.instant("a.last_accessed_at"),
                    ProjectArchive.instant("h.created_at"),
                    ProjectArchive.instant("p.created_at"));

    private static final String LINKS = """
            SELECT json_build_object('kind', 'link', 'memory_id', l.memory_id, 'related_id', l.related_id,
                                     'relation', l.relation, 'created_at', %s)::text
            FROM memory_links l JOIN memories m ON m.id = l.memory_id
            WHERE m.project = ?
            ORDER BY l.memory_id, l.related_id, l.relation
            """.formatted(ProjectArchive.instant("l.created_at"));
}
