package dev.athena.memory;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.pgvector.PGvector;
import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingPurpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Embeds memories that were stored without a vector (the embedder was away, or a re-embed cleared them). Safe to run
 * on several instances at once: each update applies only to a row that still has no vector.
 */
@Service
public class EmbeddingBackfill {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingBackfill.class);

    private final JdbcTemplate jdbc;
    private final EmbeddingClient embeddings;
    private final MemoryProperties properties;

    EmbeddingBackfill(JdbcTemplate jdbc, EmbeddingClient embeddings, MemoryProperties properties) {
        this.jdbc = jdbc;
        this.embeddings = embeddings;
        this.properties = properties;
    }

    private record PendingMemory(UUID id, String content) {
    }

    /** How many active memories wait for a vector. */
    public long pendingCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM memories WHERE embedding IS NULL AND state = 'active'", Long.class);
        return count == null ? 0 : count;
    }

    /**
     * Embeds pending memories, oldest first, until none is left or the embedder fails.
     *
     * @return how many memories received a vector
     */
    public int embedPending() {
        int total = 0;
        while (true) {
            List<PendingMemory> batch = jdbc.query("""
                    SELECT id, content FROM memories WHERE embedding IS NULL AND state = 'active'
                    ORDER BY created_at LIMIT ?
                    """, (rs, row) -> new PendingMemory(rs.getObject("id", UUID.class), rs.getString("content")),
                    properties.embedBatchSize());
            if (batch.isEmpty()) {
                return total;
            }
            List<float[]> vectors;
            try {
                vectors = embeddings.embed(batch.stream().map(PendingMemory::content).toList(), EmbeddingPurpose.DOCUMENT)
                        .block(properties.embedTimeout());
            } catch (RuntimeException e) {
                log.warn("embedding backfill paused, {} memories still pending: {}", pendingCount(), e.getMessage());
                return total;
            }
            String model = embeddings.model().name();
            int[] updated = jdbc.batchUpdate(
                    "UPDATE memories SET embedding = ?, embedding_model = ? WHERE id = ? AND embedding IS NULL",
                    new BatchPreparedStatementSetter() {
                        @Override
                        public void setValues(PreparedStatement ps, int i) throws SQLException {
                            ps.setObject(1, new PGvector(vectors.get(i)));
                            ps.setString(2, model);
                            ps.setObject(3, batch.get(i).id());
                        }

                        @Override
                        public int getBatchSize() {
                            return batch.size();
                        }
                    });
            total += Arrays.stream(updated).sum();
            log.info("embedding backfill: {} memories embedded so far", total);
        }
    }
}
