package dev.athena.memory;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code memories} for plain entity work (reads and state changes). Inserts and vector search go through
 * {@link MemoryStore}, which needs {@code ON CONFLICT} and pgvector operators that JPQL does not have.
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

    @Column(name = "content_hash")
    private String contentHash;

    @JdbcTypeCode(SqlTypes.VECTOR)
    private float[] embedding;

    @Column(name = "embedding_model")
    private String embeddingModel;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private String[] tags;

    private double importance;

    @Column(name = "created_at")
    private Instant createdAt;

    private String state;

    protected MemoryEntity() {
    }

    UUID id() {
        return id;
    }

    String project() {
        return project;
    }

    MemoryType memoryType() {
        return MemoryType.fromWireName("memory_type", memoryType);
    }

    String content() {
        return content;
    }

    String contentHash() {
        return contentHash;
    }

    float[] embedding() {
        return embedding;
    }

    String embeddingModel() {
        return embeddingModel;
    }

    String[] tags() {
        return tags;
    }

    double importance() {
        return importance;
    }

    Instant createdAt() {
        return createdAt;
    }

    String state() {
        return state;
    }
}
