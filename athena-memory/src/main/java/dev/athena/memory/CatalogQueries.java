package dev.athena.memory;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The SQL of {@link MemoryCatalog}'s lists and histories (one memory it reads through {@link MemoryRepository}). */
@Repository
class CatalogQueries {

    private final JdbcTemplate jdbc;

    CatalogQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A page of one project's memories, newest first, after the (created_at, id) position of the cursor: those in
     * {@code state} ({@code null}: any), and with {@code asOf} only those valid at that instant.
     */
    List<Memory> page(
            String project,
            MemoryType type,
            List<String> tags,
            MemoryState state,
            Instant asOf,
            PageCursor after,
            int limit) {
        return jdbc.query(
                con -> {
                    PreparedStatement ps = con.prepareStatement(MemoryRow.SELECT
                            + """
                    WHERE m.project = ? AND %s
                      AND (CAST(? AS text) IS NULL OR m.memory_type = ?)
                      AND (cardinality(CAST(? AS text[])) = 0 OR m.tags && CAST(? AS text[]))
                      AND (CAST(? AS timestamptz) IS NULL OR (m.created_at, m.id) < (?, ?))
                    ORDER BY m.created_at DESC, m.id DESC
                    LIMIT ?
                    """.formatted((state == null ? "TRUE" : "m.state = ?")
                                    + (asOf == null ? "" : " AND " + MemoryRow.VALID_AT)));
                    String typeName = type == null ? null : type.wireName();
                    Array tagArray = con.createArrayOf("text", tags.toArray());
                    Timestamp afterTime = after == null ? null : Timestamp.from(after.createdAt());
                    int i = 1;
                    ps.setString(i++, project);
                    if (state != null) {
                        ps.setString(i++, state.wireName());
                    }
                    if (asOf != null) {
                        ps.setTimestamp(i++, Timestamp.from(asOf));
                        ps.setTimestamp(i++, Timestamp.from(asOf));
                    }
                    ps.setString(i++, typeName);
                    ps.setString(i++, typeName);
                    ps.setArray(i++, tagArray);
                    ps.setArray(i++, tagArray);
                    ps.setTimestamp(i++, afterTime);
                    ps.setTimestamp(i++, afterTime);
                    ps.setObject(i++, after == null ? null : after.id());
                    ps.setInt(i, limit);
                    return ps;
                },
                MemoryRow.MAPPER);
    }

    List<HistoryEntry> history(UUID id, String project) {
        return jdbc.query(
                "SELECT * FROM memory_history WHERE memory_id = ? AND project = ? ORDER BY id",
                (rs, row) -> new HistoryEntry(
                        rs.getLong("id"),
                        rs.getObject("memory_id", UUID.class),
                        rs.getString("action"),
                        MemoryRow.json(rs.getString("before")),
                        MemoryRow.json(rs.getString("after")),
                        rs.getString("reason"),
                        rs.getTimestamp("created_at").toInstant()),
                id,
                project);
    }
}
