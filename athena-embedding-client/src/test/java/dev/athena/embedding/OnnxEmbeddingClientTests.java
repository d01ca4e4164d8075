package dev.athena.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxEmbeddingClientTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static OnnxEmbeddingClient client;

    @BeforeAll
    static void loadModel() {
        client = new OnnxEmbeddingClient();
    }

    @Test
    void reportsTheModelAndItsDimension() {
        assertThat(client.model()).isEqualTo(new EmbeddingModelInfo("e5-small-v2-q", 384, 0.74));
    }

    @Test
    void embedsQueriesAndDocumentsWithTheirOwnPrefixes() {
        float[] asDocument =
                client.embed("Anna adopted a beagle", EmbeddingPurpose.DOCUMENT).block(TIMEOUT);
        float[] asQuery =
                client.embed("Anna adopted a beagle", EmbeddingPurpose.QUERY).block(TIMEOUT);

        // e5 reads "passage: " and "query: " differently: the same words give two different vectors.
        assertThat(cosine(asDocument, asQuery)).isLessThan(0.999);
        assertThat(OnnxModel.E5_SMALL_V2_Q.prefix(EmbeddingPurpose.DOCUMENT)).isEqualTo("passage: ");
        assertThat(OnnxModel.E5_SMALL_V2_Q.prefix(EmbeddingPurpose.QUERY)).isEqualTo("query: ");
        assertThat(OnnxModel.ALL_MINILM_L6_V2_Q.prefix(EmbeddingPurpose.QUERY)).isEmpty();
    }

    @Test
    void everyBundledModelLoadsFromItsJarAndSaysWhatItIs() {
        for (OnnxModel choice : List.of(OnnxModel.BGE_SMALL_EN_V15_Q, OnnxModel.ALL_MINILM_L6_V2_Q)) {
            OnnxEmbeddingClient other = new OnnxEmbeddingClient(choice);

            float[] vector = other.embed("The build uses Maven", EmbeddingPurpose.DOCUMENT)
                    .block(TIMEOUT);

            assertThat(vector).hasSize(384);
            assertThat(norm(vector)).isCloseTo(1.0, within(1e-3));
            assertThat(other.model().name()).isEqualTo(choice.modelName());
        }
    }

    @Test
    void choosesTheModelByNameAndRefusesAnUnknownOne() {
        assertThat(OnnxModel.fromName(" BGE-small-en-v1.5-q ")).isEqualTo(OnnxModel.BGE_SMALL_EN_V15_Q);
        assertThat(new EmbeddingProperties(EmbeddingProperties.Provider.ONNX, 384, "all-minilm-l6-v2-q").onnxModel())
                .isEqualTo("all-minilm-l6-v2-q");
        assertThatThrownBy(() -> new EmbeddingProperties(EmbeddingProperties.Provider.ONNX, 384, "gpt-embed"))
                .hasMessageContaining("athena.embedding.onnx-model")
                .hasMessageContaining("e5-small-v2-q");
    }

    @Test
    void thresholdsMapOntoEachModelsOwnScale() {
        assertThat(new EmbeddingModelInfo("m", 8).rawSimilarity(0.97)).isEqualTo(0.97);
        assertThat(OnnxModel.E5_SMALL_V2_Q.info().rawSimilarity(0.97)).isCloseTo(0.9922, within(1e-9));
        assertThat(OnnxModel.E5_SMALL_V2_Q.info().rawSimilarity(1.01)).isEqualTo(1.01);
    }

    @Test
    void returnsOneNormalisedVectorPerTextInInputOrder() {
        List<String> texts = List.of("The build uses Maven", "Postgres stores the memories", "The build uses Maven");

        List<float[]> vectors = client.embed(texts, EmbeddingPurpose.DOCUMENT).block(TIMEOUT);

        assertThat(vectors).hasSize(3);
        assertThat(vectors).allSatisfy(v -> {
            assertThat(v).hasSize(384);
            assertThat(norm(v)).isCloseTo(1.0, within(1e-3));
        });
        assertThat(vectors.get(0)).containsExactly(vectors.get(2));
        assertThat(cosine(vectors.get(0), vectors.get(1))).isLessThan(0.9);
    }

    @Test
    void placesParaphrasesCloserThanUnrelatedText() {
        float[] fact = client.embed("The user's favourite programming language is Rust", EmbeddingPurpose.DOCUMENT)
                .block(TIMEOUT);
        float[] paraphrase = client.embed("Which language does the user like best?", EmbeddingPurpose.QUERY)
                .block(TIMEOUT);
        float[] unrelated = client.embed("The deployment runs on Kubernetes in Frankfurt", EmbeddingPurpose.DOCUMENT)
                .block(TIMEOUT);

        assertThat(cosine(fact, paraphrase)).isGreaterThan(cosine(unrelated, paraphrase) + 0.1);
    }

    @Test
    void embedsAnEmptyBatchToAnEmptyList() {
        assertThat(client.embed(List.of(), EmbeddingPurpose.QUERY).block(TIMEOUT))
                .isEmpty();
    }

    @Test
    void isAlwaysUp() {
        assertThat(client.status().block(TIMEOUT).state()).isEqualTo(EmbeddingStatus.State.UP);
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }
}
