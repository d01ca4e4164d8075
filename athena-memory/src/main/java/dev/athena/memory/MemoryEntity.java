package dev.athena.memory;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code memories}, with its access statistics from {@code memory_access}, for single-row reads through
 * {@link MemoryRepository}. Reads project it into {@link MemoryRow}, so the vector is mapped but never loaded:
 * {@code embedded} says whether there is one. Writes go through {@link MemoryWrites}, which needs {@code ON CONFLICT},
 * pgvector operators and the history entry in the same statement.
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

    @Formula("(embedding IS NOT NULL)")
    private boolean embedded;

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

    protected MemoryEntity() {}
}
