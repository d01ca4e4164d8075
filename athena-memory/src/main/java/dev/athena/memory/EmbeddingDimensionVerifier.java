package dev.athena.memory;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingModelInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks at start-up that the database's vectors fit the embedding model. Writing 768-d vectors into a 384-d column
 * fails on every insert, and mixing two models' vectors in one index makes similarities meaningless, so a mismatch
 * either stops Athena with both numbers in the message, or, with {@code athena.memory.reembed-on-start=true}, converts
 * the column and leaves every memory pending for {@link EmbeddingBackfill} to re-embed. No row is lost.
 */
@Component
class EmbeddingDimensionVerifier implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingDimensionVerifier.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EmbeddingClient embeddings;
    private final MemoryProperties properties;

    EmbeddingDimensionVerifier(
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            EmbeddingClient embeddings,
            MemoryProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.embeddings = embeddings;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        EmbeddingModelInfo model = embeddings.model();
        int column = columnDimension();
        if (column != model.dimension()) {
            if (!properties.reembedOnStart()) {
                throw new IllegalStateException(
                        "embedding dimension mismatch: the database column memories.embedding is vector("
                                + column + ") but the embedding model " + model.name() + " produces "
                                + model.dimension()
                                + "-d vectors (athena.embedding.dimension). Point Athena at a database created "
                                + "for this model, or start once with "
                                + "athena.memory.reembed-on-start=true to convert the column and re-embed every "
                                + "memory (see docs/operations.md).");
            }
            convertColumn(column, model);
            return;
        }
        Long otherModel = jdbc.queryForObject(
                "SELECT count(*) FROM memories WHERE embedding IS NOT NULL AND embedding_model IS DISTINCT FROM ?",
                Long.class,
                model.name());
        if (otherModel != null && otherModel > 0) {
            // Same width, another model: its vectors cannot be compared with this model's queries (recall would rank
            // them by noise), and the column needs no change, so they are always re-embedded. This is how a database
            // embedded by MiniLM moves to e5-small-v2, the default since 2026-12.
            int cleared = jdbc.update(
                    "UPDATE memories SET embedding = NULL, embedding_model = NULL WHERE embedding_model IS "
                            + "DISTINCT FROM ?",
                    model.name());
            log.warn(
                    "re-embed: {} memories were embedded by another model and will be re-embedded with {}",
                    cleared,
                    model.name());
        }
    }

    /** The width of {@code memories.embedding}, as its type says ({@code vector(N)}). */
    int columnDimension() {
        Integer typmod = jdbc.queryForObject("""
                SELECT atttypmod FROM pg_attribute
                WHERE attrelid = 'memories'::regclass AND attname = 'embedding'
                """, Integer.class);
        return typmod == null ? -1 : typmod;
    }

    private void convertColumn(int from, EmbeddingModelInfo model) {
        int to = model.dimension();
        transaction.executeWithoutResult(status -> {
            jdbc.execute("DROP INDEX IF EXISTS memories_embedding_hnsw");
            jdbc.execute("ALTER TABLE memories ALTER COLUMN embedding TYPE vector(" + to + ") USING NULL");
            jdbc.execute("UPDATE memories SET embedding_model = NULL");
            jdbc.execute(new VectorIndex(to).create());
        });
        log.warn(
                "re-embed: memories.embedding converted from vector({}) to vector({}) for {}; every memory is pending "
                        + "and the backfill job re-embeds them (recall uses full text meanwhile)",
                from,
                to,
                model.name());
    }
}
