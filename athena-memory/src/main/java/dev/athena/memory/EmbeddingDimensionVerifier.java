package dev.athena.memory;

import dev.athena.embedding.EmbeddingClient;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when the database's vector column, the configured dimension and the model disagree: writing
 * 768-d vectors into a 384-d column fails on every insert, and users should learn it at start-up, with both numbers.
 */
@Component
class EmbeddingDimensionVerifier implements SmartInitializingSingleton {

    private final MemoryStore store;
    private final EmbeddingClient embeddings;

    EmbeddingDimensionVerifier(MemoryStore store, EmbeddingClient embeddings) {
        this.store = store;
        this.embeddings = embeddings;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int column = store.embeddingColumnDimension();
        int model = embeddings.model().dimension();
        if (column != model) {
            throw new IllegalStateException("embedding dimension mismatch: the database column memories.embedding is vector("
                    + column + ") but the embedding model " + embeddings.model().name() + " produces " + model
                    + "-d vectors. Point Athena at a database created for this model, or re-embed (see docs/operations.md).");
        }
    }
}
