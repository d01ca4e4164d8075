package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingModelInfo;
import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.embedding.EmbeddingStatus;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;

@SpringBootTest
class EmbeddingDimensionVerifierIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    MemoryService memories;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    EmbeddingClient realEmbedder;

    @Autowired
    MemoryProperties properties;

    /** A model of another width: every vector is the unit vector on the first axis. */
    record OtherModel(String name, int dimension) implements EmbeddingClient {

        @Override
        public EmbeddingModelInfo model() {
            return new EmbeddingModelInfo(name, dimension);
        }

        @Override
        public Mono<List<float[]>> embed(List<String> texts, EmbeddingPurpose purpose) {
            float[] unit = new float[dimension];
            unit[0] = 1;
            return Mono.just(Collections.nCopies(texts.size(), unit));
        }

        @Override
        public Mono<EmbeddingStatus> status() {
            return Mono.just(EmbeddingStatus.up());
        }
    }

    @Test
    void refusesToStartWhenTheColumnAndTheModelDisagreeNamingBothNumbers() {
        var verifier = verifier(new OtherModel("nomic-embed-text-v1.5", 768), false);

        assertThatThrownBy(verifier::afterSingletonsInstantiated)
                .hasMessageContaining("vector(384)")
                .hasMessageContaining("768-d")
                .hasMessageContaining("nomic-embed-text-v1.5");
    }

    @Test
    void reembedConvertsTheColumnAndReembedsEveryMemoryWithoutLosingOne() {
        memories.rememberBatch(
                null,
                List.of(
                        RememberRequest.of("alpha fact", MemoryType.FACT),
                        RememberRequest.of("beta fact", MemoryType.FACT)));
        OtherModel other = new OtherModel("tiny-8d", 8);
        try {
            verifier(other, true).afterSingletonsInstantiated();

            assertThat(verifier(other, true).columnDimension()).isEqualTo(8);
            assertThat(count("SELECT count(*) FROM memories WHERE embedding IS NULL"))
                    .isEqualTo(2);
            assertThat(new EmbeddingBackfill(jdbc, transaction, other, properties).embedPending())
                    .isEqualTo(2);
            assertThat(count("SELECT count(*) FROM memories WHERE embedding_model = 'tiny-8d'"))
                    .isEqualTo(2);
        } finally {
            verifier(realEmbedder, true).afterSingletonsInstantiated();
        }
        assertThat(verifier(realEmbedder, true).columnDimension()).isEqualTo(384);
        assertThat(new EmbeddingBackfill(jdbc, transaction, realEmbedder, properties).embedPending())
                .isEqualTo(2);
        assertThat(count("SELECT count(*) FROM memories WHERE embedding_model = 'e5-small-v2-q'"))
                .isEqualTo(2);
    }

    @Test
    void memoriesEmbeddedByMiniLmAreReembeddedByTheNewDefaultOnStart() {
        memories.rememberBatch(
                null,
                List.of(
                        RememberRequest.of("delta fact", MemoryType.FACT),
                        RememberRequest.of("epsilon fact", MemoryType.FACT)));
        memories.remember(RememberRequest.of("zeta fact", MemoryType.FACT));
        // As a database written before e5-small-v2 became the default looks.
        jdbc.update("UPDATE memories SET embedding_model = 'all-minilm-l6-v2-q' WHERE content <> 'zeta fact'");

        verifier(realEmbedder, false).afterSingletonsInstantiated(); // the same width: no switch needed

        assertThat(count("SELECT count(*) FROM memories WHERE embedding IS NULL"))
                .isEqualTo(2);
        assertThat(new EmbeddingBackfill(jdbc, transaction, realEmbedder, properties).embedPending())
                .isEqualTo(2);
        assertThat(count("SELECT count(*) FROM memories WHERE embedding_model = 'e5-small-v2-q' AND embedding "
                        + "IS NOT NULL"))
                .isEqualTo(3);
    }

    @Test
    void reembedOfTheSameWidthClearsOnlyVectorsOfAnotherModel() {
        memories.remember(RememberRequest.of("gamma fact", MemoryType.FACT));
        jdbc.update("UPDATE memories SET embedding_model = 'older-384d-model'");

        verifier(realEmbedder, true).afterSingletonsInstantiated();

        assertThat(count("SELECT count(*) FROM memories WHERE embedding IS NULL"))
                .isEqualTo(1);
    }

    private EmbeddingDimensionVerifier verifier(EmbeddingClient model, boolean reembed) {
        MemoryProperties props = new MemoryProperties(
                properties.maxContentBytes(),
                properties.embedTimeout(),
                properties.defaultProject(),
                properties.nearDuplicateThreshold(),
                properties.maxBatchItems(),
                properties.embedBatchSize(),
                properties.backfillInterval(),
                properties.accessFlushInterval(),
                reembed);
        return new EmbeddingDimensionVerifier(jdbc, transaction, model, props);
    }
}
