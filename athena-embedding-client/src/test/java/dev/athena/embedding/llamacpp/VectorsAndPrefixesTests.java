package dev.athena.embedding.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.embedding.llamacpp.LlamaCppEmbeddingProperties.TaskPrefixes;
import org.junit.jupiter.api.Test;

class VectorsAndPrefixesTests {

    @Test
    void truncatesToAPrefixOfUnitLength() {
        float[] truncated = Vectors.truncate(new float[] {3f, 4f, 12f}, 2);

        assertThat(truncated).containsExactly(0.6f, 0.8f);
    }

    @Test
    void rejectsAZeroVector() {
        assertThatThrownBy(() -> Vectors.normalize(new float[3])).hasMessageContaining("cannot be normalised");
    }

    @Test
    void weighsTheMeanByTheGivenWeights() {
        float[] mean = Vectors.weightedMean(List.of(new float[] {1f, 0f}, new float[] {0f, 1f}), List.of(3, 1));

        assertThat(mean[0] / mean[1]).isCloseTo(3f, within(1e-5f));
        assertThat(Math.hypot(mean[0], mean[1])).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void choosesNomicPrefixesForANomicModelOnAuto() {
        PurposePrefixes prefixes = PurposePrefixes.of(TaskPrefixes.AUTO, "nomic-embed-text-v1.5", Map.of());

        assertThat(prefixes.prefix(EmbeddingPurpose.DOCUMENT)).isEqualTo("search_document: ");
        assertThat(prefixes.prefix(EmbeddingPurpose.QUERY)).isEqualTo("search_query: ");
        assertThat(prefixes.prefix(EmbeddingPurpose.CLUSTERING)).isEqualTo("clustering: ");
        assertThat(prefixes.prefix(EmbeddingPurpose.CLASSIFICATION)).isEqualTo("classification: ");
    }

    @Test
    void choosesNoPrefixesForOtherModelsOnAutoOrWhenTurnedOff() {
        assertThat(PurposePrefixes.of(TaskPrefixes.AUTO, "all-MiniLM-L6-v2", Map.of())
                        .apply(EmbeddingPurpose.QUERY, List.of("q")))
                .containsExactly("q");
        assertThat(PurposePrefixes.of(TaskPrefixes.NONE, "nomic-embed-text-v1.5", Map.of())
                        .prefix(EmbeddingPurpose.QUERY))
                .isEmpty();
    }

    @Test
    void forcesNomicPrefixesForAModelWithAnotherName() {
        assertThat(PurposePrefixes.of(TaskPrefixes.NOMIC, "my-finetune", Map.of())
                        .prefix(EmbeddingPurpose.DOCUMENT))
                .isEqualTo("search_document: ");
    }
}
