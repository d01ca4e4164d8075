package dev.athena.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashEmbeddingClientTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final HashEmbeddingClient client = new HashEmbeddingClient(384);

    @Test
    void reportsItsModelNameAndTheConfiguredDimension() {
        assertThat(new HashEmbeddingClient(768).model()).isEqualTo(new EmbeddingModelInfo("feature-hash-v1", 768));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 384, 768, 1536})
    void returnsUnitVectorsOfTheConfiguredDimension(int dimension) {
        List<float[]> vectors = new HashEmbeddingClient(dimension)
                .embed(
                        List.of("The build uses Maven", "x", "", "?!", "Ünïcødé wörds ẞ 東京 42"),
                        EmbeddingPurpose.DOCUMENT)
                .block(TIMEOUT);

        assertThat(vectors).hasSize(5).allSatisfy(v -> {
            assertThat(v).hasSize(dimension);
            assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
        });
    }

    @Test
    void isDeterministicAcrossCallsAndInstances() {
        String text = "Deploy INC-2118 fix to eu-west-1 on Tuesday after the canary passes";

        float[] first = client.embed(text, EmbeddingPurpose.DOCUMENT).block(TIMEOUT);
        float[] again = client.embed(text, EmbeddingPurpose.DOCUMENT).block(TIMEOUT);
        float[] otherInstance =
                new HashEmbeddingClient(384).embed(text, EmbeddingPurpose.QUERY).block(TIMEOUT);

        assertThat(again).containsExactly(first);
        assertThat(otherInstance).containsExactly(first);
    }

    @Test
    void keepsTheOrderOfTheBatch() {
        List<String> texts = List.of("alpha release notes", "database migration plan", "alpha release notes");

        List<float[]> vectors = client.embed(texts, EmbeddingPurpose.DOCUMENT).block(TIMEOUT);

        assertThat(vectors.get(0)).containsExactly(vectors.get(2));
        assertThat(vectors.get(1)).containsExactly(client.vector("database migration plan"));
        assertThat(cosine(vectors.get(0), vectors.get(1))).isLessThan(0.5);
    }

    @Test
    void placesTextsSharingWordsCloserThanUnrelatedTexts() {
        float[] fact =
                client.vector("The payments service retries webhook deliveries three times with exponential backoff");
        float[] similar = client.vector("How often does the payments service retry a webhook delivery?");
        float[] unrelated = client.vector("Maria prefers tea over coffee in the afternoon meeting");

        assertThat(cosine(fact, similar)).isGreaterThan(cosine(fact, unrelated) + 0.2);
    }

    @Test
    void givesCloseSpellingsCloseVectorsThroughTrigrams() {
        float[] word = client.vector("deployment");
        float[] inflected = client.vector("deployments");
        float[] other = client.vector("breakfast");

        assertThat(cosine(word, inflected)).isGreaterThan(0.6).isGreaterThan(cosine(word, other) + 0.5);
    }

    @Test
    void ignoresCaseAndPunctuation() {
        assertThat(client.vector("Deploy on TUESDAY, after the canary!"))
                .containsExactly(client.vector("deploy on tuesday after the canary"));
    }

    @Test
    void embedsVeryLongWordsWhole() {
        String longWord = "a".repeat(300) + "b";

        assertThat(cosine(client.vector(longWord), client.vector("a".repeat(300) + "c")))
                .isLessThan(1.0);
        assertThat(norm(client.vector(longWord + " " + longWord))).isCloseTo(1.0, within(1e-5));
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

    @Test
    void rejectsANonPositiveDimension() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new HashEmbeddingClient(0))
                .withMessageContaining("positive");
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
