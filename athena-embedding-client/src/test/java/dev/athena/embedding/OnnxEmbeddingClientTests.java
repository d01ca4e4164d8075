package dev.athena.embedding;

import static org.assertj.core.api.Assertions.assertThat;
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
        assertThat(client.model()).isEqualTo(new EmbeddingModelInfo("e5-small-v2-q", 384));
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
        float[] fact = client.embed("The user's favourite programming language is Rust", EmbeddingPurpose.DOCUMENT).block(TIMEOUT);
        float[] paraphrase = client.embed("Which language does the user like best?", EmbeddingPurpose.QUERY).block(TIMEOUT);
        float[] unrelated = client.embed("The deployment runs on Kubernetes in Frankfurt", EmbeddingPurpose.DOCUMENT).block(TIMEOUT);

        assertThat(cosine(fact, paraphrase)).isGreaterThan(cosine(unrelated, paraphrase) + 0.1);
    }

    @Test
    void embedsAnEmptyBatchToAnEmptyList() {
        assertThat(client.embed(List.of(), EmbeddingPurpose.QUERY).block(TIMEOUT)).isEmpty();
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
