package dev.athena.memory;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A row of {@code memories} with its access statistics, as stored, and the one mapping from it to a {@link Memory}.
 * JdbcTemplate queries select {@link #SELECT} and read it with {@link #MAPPER}; {@link MemoryRepository} projects
 * {@link MemoryEntity} into it (the component names are the entity's attribute names). Neither reads the vector:
 * {@code embedded} only says whether there is one.
 */
record MemoryRow(
        UUID id,
        String project,
        String memoryType,
        String content,
        String[] tags,
        String metadata,
        float importance,
        float confidence,
        Long accessCount,
        Instant lastAccessedAt,
        Instant occurredAt,
        Instant createdAt,
        Instant updatedAt,
        String state,
        UUID supersededBy,
        String embeddingModel,
        boolean embedded,
        Instant validFrom,
        Instant validTo) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    /** What {@link #MAPPER} reads, from {@code memories m} and its {@code memory_access a}; a WHERE may follow. */
    static final String SELECT = """
            SELECT m.id, m.project, m.memory_type, m.content, m.tags, m.metadata, m.importance, m.confidence,
                   a.access_count, a.last_accessed_at, m.occurred_at, m.created_at, m.updated_at, m.state,
                   m.superseded_by, m.embedding_model, m.embedding IS NOT NULL AS embedded, m.valid_from, m.valid_to
            FROM memories m LEFT JOIN memory_access a ON a.memory_id = m.id
            """;

    /**
     * Valid at the instant given twice as parameters: it had begun and had not ended ({@code [valid_from, valid_to)}).
     */
    static final String VALID_AT = "m.valid_from <= ? AND (m.valid_to IS NULL OR m.valid_to > ?)";

    /** A memory from a row of {@link #SELECT}. */
    static final RowMapper<Memory> MAPPER = (rs, row) -> new MemoryRow(
                    rs.getObject("id", UUID.class),
                    rs.getString("project"),
                    rs.getString("memory_type"),
                    rs.getString("content"),
                    strings(rs.getArray("tags")),
                    rs.getString("metadata"),
                    rs.getFloat("importance"),
                    rs.getFloat("confidence"),
                    rs.getObject("access_count", Long.class),
                    instant(rs, "last_accessed_at"),
                    instant(rs, "occurred_at"),
                    instant(rs, "created_at"),
                    instant(rs, "updated_at"),
                    rs.getString("state"),
                    rs.getObject("superseded_by", UUID.class),
                    rs.getString("embedding_model"),
                    rs.getBoolean("embedded"),
                    instant(rs, "valid_from"),
                    instant(rs, "valid_to"))
            .toMemory();

    Memory toMemory() {
        return new Memory(
                id,
                project,
                MemoryType.fromWireName("memory_type", memoryType),
                content,
                tags == null ? List.of() : Arrays.asList(tags),
                json(metadata),
                decimal(importance),
                decimal(confidence),
                accessCount == null ? 0 : accessCount,
                lastAccessedAt,
                occurredAt,
                createdAt,
                updatedAt,
                MemoryState.fromWireName("state", state),
                supersededBy,
                embeddingModel,
                embedded,
                validFrom,
                validTo);
    }

    /**
     * A {@code real} column's value as the decimal it was stored as (0.9, not 0.8999999761581421): the driver hands the
     * same value over either way depending on whether the statement runs server-prepared (binary) or not (text).
     */
    private static double decimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    /** A {@code jsonb} object column's value. */
    static Map<String, Object> json(String value) {
        return value == null ? null : JSON.readValue(value, JSON_OBJECT);
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? null : (String[]) array.getArray();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
