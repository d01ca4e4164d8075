package dev.athena.memory;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code memories}, with its access statistics from {@code memory_access}, for plain entity reads. Inserts, searches and state changes go through
 * {@link MemoryStore}, which needs {@code ON CONFLICT}, pgvector operators and history in the same statement.
 */
@Entity
@Table(name = "memories")
class MemoryEntity {

    @Id
    private UUID id;

    private String project;

    @Column(name = "memory_type")
    private String memoryType;

    private String content;

    @JdbcTypeCode(SqlTypes.VECTOR)
    private float[] embedding;

    @Column(name = "embedding_model")
    private String embeddingModel;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private String[] tags;

    @JdbcTypeCode(SqlTypes.JSON)
    private String metadata;

    private float importance;

    private float confidence;

    @Formula("(SELECT a.access_count FROM memory_access a WHERE a.memory_id = id)")
    private Long accessCount;

    @Formula("(SELECT a.last_accessed_at FROM memory_access a WHERE a.memory_id = id)")
    private Instant lastAccessedAt;

    @Column(name = "occurred_at")
    private Instant occurredAt;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Column(name = "superseded_by")
    private UUID supersededBy;

    private String state;

    @Column(name = "valid_from")
    private Instant validFrom;

    @Column(name = "valid_to")
    private Instant validTo;

    protected MemoryEntity() {
    }

    Memory toMemory() {
        return new Memory(id, project, MemoryType.fromWireName("memory_type", memoryType), content,
                tags == null ? List.of() : Arrays.asList(tags), MemoryStore.json(metadata), MemoryStore.decimal(importance), MemoryStore.decimal(confidence),
                accessCount == null ? 0 : accessCount, lastAccessedAt, occurredAt, createdAt, updatedAt, MemoryState.fromWireName("state", state),
                supersededBy, embeddingModel, embedding != null, validFrom, validTo);
    }
}
