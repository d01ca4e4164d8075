package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Each index exists for a query: with sequential scans ruled out, the planner must pick that index for the query's
 * shape. A migration that drops or reshapes an index without adjusting its query fails here.
 */
@SpringBootTest
class IndexUsageIntegrationTests extends DatabaseIntegrationTest {

    /**
     * Plans are judged on a table with rows and fresh statistics: pgvector estimates HNSW costs from the index's row
     * count, and right after a TRUNCATE that count is 0, which makes the estimate useless and the planner avoid the
     * index.
     */
    @org.junit.jupiter.api.BeforeEach
    void someEmbeddedMemories() {
        jdbc.update("""
                INSERT INTO memories (id, project, memory_type, content, content_hash, embedding, embedding_model)
                SELECT gen_random_uuid(), 'p', 'fact', 'note ' || i, md5('note ' || i),
                       (SELECT array_agg(random()::real) FROM generate_series(1, 384) WHERE i > 0)::vector, 'test'
                FROM generate_series(1, 200) AS i
                """);
        jdbc.execute("ANALYZE memories");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "exact dedup        | memories_active_content_hash          | SELECT h.hash, m.id FROM "
                        + "unnest(ARRAY['h1','h2']) AS h(hash) CROSS JOIN LATERAL (SELECT "
                        + "id FROM memories WHERE project = 'p' AND state = 'active' "
                        + "AND content_hash = h.hash LIMIT 1) m",
                "list page          | memories_project_state_created        | SELECT * FROM memories WHERE "
                        + "project = 'p' AND state = 'active' AND (created_at, id) < (now(), "
                        + "gen_random_uuid()) ORDER BY created_at DESC, id DESC LIMIT 51",
                "pending backfill   | memories_pending_embedding            | SELECT id, content FROM memories "
                        + "WHERE embedding IS NULL AND state = 'active' ORDER BY created_at "
                        + "LIMIT 64",
                "full text          | memories_content_tsv_gin              | SELECT id FROM memories m, "
                        + "websearch_to_tsquery('english', 'deploy key') q WHERE m.content_tsv @@ q",
                "tags filter        | memories_tags_gin                     | SELECT id FROM memories WHERE tags "
                        + "&& ARRAY['sprint']",
                "nearest vector     | memories_embedding_hnsw               | SELECT id FROM memories ORDER BY "
                        + "CAST(embedding AS halfvec(384)) <=> CAST((SELECT array_fill(0.1::real, "
                        + "ARRAY[384])::vector) AS halfvec(384)) LIMIT 5",
                "exact nearest      | memories_project_state_created        | SELECT m.id, 1 - (m.embedding <=> "
                        + "(SELECT array_fill(0.1::real, ARRAY[384])::vector)) AS score FROM memories m "
                        + "WHERE m.embedding IS NOT NULL AND m.project = 'p' AND m.state = ANY('{active}') "
                        + "ORDER BY score DESC LIMIT 50",
                "near duplicate     | memories_embedding_hnsw               | SELECT c.id FROM (SELECT m.id, "
                        + "m.project, m.state, CAST(m.embedding AS halfvec(384)) <=> CAST((SELECT "
                        + "array_fill(0.1::real, ARRAY[384])::vector) AS halfvec(384)) AS approximate "
                        + "FROM memories m WHERE m.embedding IS NOT NULL ORDER BY CAST(m.embedding "
                        + "AS halfvec(384)) <=> CAST((SELECT array_fill(0.1::real, ARRAY[384])::vector) "
                        + "AS halfvec(384)) LIMIT 40) c WHERE c.project = 'p' AND c.state "
                        + "= 'active' ORDER BY c.approximate LIMIT 1",
                "full-text tier     | memories_content_tsv_gin              | SELECT id FROM memories m WHERE "
                        + "m.content_tsv @@ CAST('(deploy & key) & !(deploy & key & rota)' "
                        + "AS tsquery)",
                "text index changes | memory_text_changes_xid               | SELECT DISTINCT c.memory_id, c.project"
                        + " FROM memory_text_changes c WHERE c.xid >= CAST('1000' AS xid8)"
                        + " OR c.xid = ANY(CAST('{990,995}' AS xid8[]))",
                "access statistics  | memory_access_pkey                    | SELECT access_count FROM "
                        + "memory_access WHERE memory_id = '0190f0f0-0000-7000-8000-000000000000'",
                "session events     | episodic_events_project_session_time  | SELECT * FROM episodic_events WHERE "
                        + "project = 'p' AND session_id = 's' ORDER BY occurred_at DESC LIMIT "
                        + "50",
                "timeline           | episodic_events_project_time          | SELECT * FROM episodic_events WHERE "
                        + "project = 'p' AND occurred_at >= now() - interval '7 days' ORDER "
                        + "BY occurred_at DESC, id DESC LIMIT 501",
                "unconsolidated     | episodic_events_unconsolidated        | SELECT * FROM episodic_events WHERE "
                        + "project = 'p' AND consolidation_state IN ('unconsolidated', "
                        + "'awaiting_validation') AND occurred_at >= now() - interval '7 "
                        + "days' ORDER BY occurred_at, id LIMIT 500",
                "history of memory  | memory_history_memory                 | SELECT * FROM memory_history WHERE "
                        + "memory_id = '0190f0f0-0000-7000-8000-000000000000' AND project = 'p' ORDER "
                        + "BY id",
            })
    void theQueryUsesItsIndex(String query, String index, String sql) {
        List<String> plan = jdbc.execute((java.sql.Connection con) -> {
            try (var statement = con.createStatement()) {
                statement.execute("SET enable_seqscan = off");
                var lines = new java.util.ArrayList<String>();
                try (var rs = statement.executeQuery("EXPLAIN " + sql)) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
                statement.execute("RESET enable_seqscan");
                return lines;
            }
        });

        assertThat(String.join("\n", plan)).as(query).contains(index);
    }
}
