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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Embeds memories that were stored without a vector (the embedder was away, or a re-embed cleared them). Safe to run on
 * several instances at once: each batch is claimed with {@code FOR UPDATE SKIP LOCKED} in a transaction that lasts
 * until its vectors are written, so the instances share the backlog and no text is sent to the embedder twice.
 *
 * <p>The claim holds its rows' locks for one embedding call (at most {@code athena.memory.embed-timeout}): a forget or
 * supersede of a memory in that batch waits that long, which is cheaper than embedding the backlog once per instance.
 */
@Service
public class EmbeddingBackfill {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingBackfill.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EmbeddingClient embeddings;
    private final MemoryProperties properties;

    EmbeddingBackfill(
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            EmbeddingClient embeddings,
            MemoryProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.embeddings = embeddings;
        this.properties = properties;
    }

    private record PendingMemory(UUID id, String content) {}

    /** What one attempt to claim and embed a batch came to. */
    private sealed interface BatchOutcome {

        record Embedded(int count) implements BatchOutcome {}

        record NothingLeft() implements BatchOutcome {}

        record EmbedderFailed(String reason) implements BatchOutcome {}
    }

    /** How many active memories wait for a vector. */
    public long pendingCount() {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM memories WHERE embedding IS NULL AND state = 'active'", Long.class);
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
            BatchOutcome outcome = transaction.execute(status -> embedNextBatch());
            if (outcome instanceof BatchOutcome.Embedded embedded) {
                total += embedded.count();
                log.info("embedding backfill: {} memories embedded so far", total);
                continue;
            }
            if (outcome instanceof BatchOutcome.EmbedderFailed failed) {
                log.warn("embedding backfill paused, {} memories still pending: {}", pendingCount(), failed.reason());
            }
            return total;
        }
    }

    /** Claims the oldest pending memories no other instance holds, embeds them and writes their vectors. */
    private BatchOutcome embedNextBatch() {
        List<PendingMemory> batch = jdbc.query(
                """
                SELECT id, content FROM memories WHERE embedding IS NULL AND state = 'active'
                ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED
                """,
                (rs, row) -> new PendingMemory(rs.getObject("id", UUID.class), rs.getString("content")),
                properties.embedBatchSize());
        if (batch.isEmpty()) {
            return new BatchOutcome.NothingLeft();
        }
        List<float[]> vectors;
        try {
            vectors = embeddings
                    .embed(batch.stream().map(PendingMemory::content).toList(), EmbeddingPurpose.DOCUMENT)
                    .block(properties.embedTimeout());
        } catch (RuntimeException e) {
            return new BatchOutcome.EmbedderFailed(String.valueOf(e.getMessage()));
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
        return new BatchOutcome.Embedded(Arrays.stream(updated).sum());
    }
}
