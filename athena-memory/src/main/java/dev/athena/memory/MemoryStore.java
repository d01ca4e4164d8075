package dev.athena.memory;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.pgvector.PGvector;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The SQL that JPA cannot express: idempotent inserts and pgvector / full-text search. */
@Repository
class MemoryStore {

    private static final String RECALLED_COLUMNS = "id, content, memory_type, tags, importance, created_at";

    private final JdbcTemplate jdbc;

    MemoryStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the memory unless an active memory with the same content already exists in its project.
     *
     * @return true when the row was inserted, false when the unique content index said it was a duplicate
     */
    boolean insertIfAbsent(NewMemory memory) {
        int inserted = jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    INSERT INTO memories (id, project, memory_type, content, content_hash, embedding, embedding_model,
                                          tags, importance, occurred_at, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (project, content_hash) WHERE state = 'active' DO NOTHING
                    """);
            Timestamp now = Timestamp.from(memory.createdAt());
            ps.setObject(1, memory.id());
            ps.setString(2, memory.project());
            ps.setString(3, memory.memoryType().wireName());
            ps.setString(4, memory.content());
            ps.setString(5, memory.contentHash());
            ps.setObject(6, memory.embedding() == null ? null : new PGvector(memory.embedding()));
            ps.setString(7, memory.embedding() == null ? null : memory.embeddingModel());
            ps.setArray(8, con.createArrayOf("text", memory.tags().toArray()));
            ps.setDouble(9, memory.importance());
            ps.setTimestamp(10, now);
            ps.setTimestamp(11, now);
            ps.setTimestamp(12, now);
            return ps;
        });
        return inserted == 1;
    }

    List<RecalledMemory> nearest(String project, float[] queryVector, MemoryType type, int k) {
        PGvector query = new PGvector(queryVector);
        return jdbc.query("SELECT " + RECALLED_COLUMNS + ", 1 - (embedding <=> ?) AS score FROM memories"
                        + " WHERE project = ? AND state = 'active' AND embedding IS NOT NULL"
                        + " AND (CAST(? AS text) IS NULL OR memory_type = ?)"
                        + " ORDER BY embedding <=> ? LIMIT ?",
                RECALLED, query, project, typeName(type), typeName(type), query, k);
    }

    List<RecalledMemory> fullText(String project, String queryText, MemoryType type, int k) {
        // ts_rank_cd grows without bound; x / (x + 1) maps it onto 0..1 so scores read like the vector ones.
        return jdbc.query("SELECT " + RECALLED_COLUMNS + ", rank / (rank + 1) AS score FROM ("
                        + " SELECT m.*, ts_rank_cd(m.content_tsv, q) AS rank"
                        + " FROM memories m, websearch_to_tsquery('english', ?) q"
                        + " WHERE m.project = ? AND m.state = 'active' AND m.content_tsv @@ q"
                        + " AND (CAST(? AS text) IS NULL OR m.memory_type = ?)) ranked"
                        + " ORDER BY rank DESC, created_at DESC LIMIT ?",
                RECALLED, queryText, project, typeName(type), typeName(type), k);
    }

    int embeddingColumnDimension() {
        Integer typmod = jdbc.queryForObject("""
                SELECT atttypmod FROM pg_attribute
                WHERE attrelid = 'memories'::regclass AND attname = 'embedding'
                """, Integer.class);
        return typmod == null ? -1 : typmod;
    }

    private static String typeName(MemoryType type) {
        return type == null ? null : type.wireName();
    }

    private static final RowMapper<RecalledMemory> RECALLED = (rs, row) -> new RecalledMemory(
            rs.getObject("id", UUID.class),
            rs.getString("content"),
            MemoryType.fromWireName("memory_type", rs.getString("memory_type")),
            tags(rs),
            rs.getDouble("importance"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getDouble("score"));

    private static List<String> tags(ResultSet rs) throws SQLException {
        Array array = rs.getArray("tags");
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
