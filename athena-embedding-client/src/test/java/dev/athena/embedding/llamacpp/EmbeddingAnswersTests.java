package dev.athena.embedding.llamacpp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

class EmbeddingAnswersTests {

    private final EmbeddingAnswers answers = new EmbeddingAnswers(JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build());

    @Test
    void readsTheCurrentNativeShapeInIndexOrder() {
        String body = "[{\"index\":1,\"embedding\":[[0.0,1.0]]},{\"index\":0,\"embedding\":[[1.0,0.0]]}]";

        List<float[]> vectors = answers.readNative(bytes(body), 2);

        assertThat(vectors.get(0)).containsExactly(1f, 0f);
        assertThat(vectors.get(1)).containsExactly(0f, 1f);
    }

    @Test
    void readsTheOldNativeShapeForOneInput() {
        assertThat(answers.readNative(bytes("{\"embedding\":[0.25,0.5]}"), 1).get(0))
                .containsExactly(0.25f, 0.5f);
    }

    @Test
    void readsTheOldNativeShapeForSeveralInputs() {
        List<float[]> vectors =
                answers.readNative(bytes("{\"results\":[{\"embedding\":[1.0]},{\"embedding\":[2.0]}]}"), 2);

        assertThat(vectors).extracting(vector -> vector[0]).containsExactly(1f, 2f);
    }

    @Test
    void rejectsAnOldSingleAnswerForSeveralInputs() {
        assertThatThrownBy(() -> answers.readNative(bytes("{\"embedding\":[0.25,0.5]}"), 2))
                .hasMessageContaining("1 vectors for 2 inputs");
    }

    @Test
    void rejectsTokenLevelRowsFromAServerWithoutPooling() {
        String body = "[{\"index\":0,\"embedding\":[[0.1,0.2],[0.3,0.4],[0.5,0.6]]}]";

        assertThatThrownBy(() -> answers.readNative(bytes(body), 1))
                .isInstanceOfSatisfying(
                        LlamaCppEmbeddingException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_VECTOR))
                .hasMessageContaining("3 token vectors")
                .hasMessageContaining("--pooling");
    }

    @Test
    void rejectsAnUnknownNativeShape() {
        assertThatThrownBy(() -> answers.readNative(bytes("{\"vectors\":[]}"), 1))
                .hasMessageContaining("neither");
    }

    @Test
    void rejectsARepeatedIndex() {
        String body = "{\"data\":[{\"embedding\":[1.0],\"index\":0},{\"embedding\":[2.0],\"index\":0}]}";

        assertThatThrownBy(() -> answers.readOpenAi(bytes(body), 2))
                .hasMessageContaining("vector index 0 for 2 inputs");
    }

    @Test
    void rejectsAnIndexOutOfRange() {
        assertThatThrownBy(() -> answers.readOpenAi(bytes("{\"data\":[{\"embedding\":[1.0],\"index\":3}]}"), 1))
                .hasMessageContaining("vector index 3 for 1 inputs");
    }

    @Test
    void rejectsAnAnswerWithoutData() {
        assertThatThrownBy(() -> answers.readOpenAi(bytes("{\"object\":\"list\"}"), 1))
                .isInstanceOfSatisfying(
                        LlamaCppEmbeddingException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE))
                .hasMessageContaining("no \"data\" array");
    }

    @Test
    void rejectsAnEmptyBody() {
        assertThatThrownBy(() -> answers.readOpenAi(new byte[0], 1)).hasMessageContaining("empty body");
    }

    @Test
    void rejectsAnEmptyVector() {
        assertThatThrownBy(() -> answers.readOpenAi(bytes("{\"data\":[{\"embedding\":[],\"index\":0}]}"), 1))
                .hasMessageContaining("vector 0 is empty");
    }

    @Test
    void rejectsAComponentThatIsNotANumber() {
        assertThatThrownBy(() -> answers.readOpenAi(bytes("{\"data\":[{\"embedding\":[1.0,\"x\"],\"index\":0}]}"), 1))
                .hasMessageContaining("component 1 of vector 0 is not a number");
    }

    @Test
    void rejectsAnInfiniteComponent() {
        assertThatThrownBy(() -> answers.readOpenAi(bytes("{\"data\":[{\"embedding\":[1.0,1e39],\"index\":0}]}"), 1))
                .hasMessageContaining("component 1 of vector 0 is Infinity");
    }

    @Test
    void rejectsBase64ThatIsNotAWholeNumberOfFloats() {
        assertThatThrownBy(() -> answers.readOpenAi(bytes("{\"data\":[{\"embedding\":\"AAAAAAA=\",\"index\":0}]}"), 1))
                .hasMessageContaining("5 bytes");
    }

    @Test
    void rejectsBase64WithNaN() {
        String nan = LlamaCppWire.base64(new float[] {1f, Float.NaN});

        assertThatThrownBy(
                        () -> answers.readOpenAi(bytes("{\"data\":[{\"embedding\":\"" + nan + "\",\"index\":0}]}"), 1))
                .hasMessageContaining("component 1 of vector 0 is NaN");
    }

    @Test
    void readsTheModelWidthAndIgnoresUnknownFields() {
        assertThat(answers.readModels(bytes(LlamaCppWire.models(768))))
                .isEqualTo(new ServerModel(LlamaCppWire.SERVED_MODEL_ID, OptionalInt.of(768)));
    }

    @Test
    void readsAModelListWithoutMetaAsAnUnknownWidth() {
        assertThat(answers.readModels(
                        bytes("{\"object\":\"list\",\"data\":[{\"id\":\"m.gguf\",\"object\":\"model\"}]}")))
                .isEqualTo(new ServerModel("m.gguf", OptionalInt.empty()));
        assertThat(answers.readModels(bytes("{\"object\":\"list\",\"data\":[]}"))
                        .width())
                .isEmpty();
    }

    private static byte[] bytes(String body) {
        return body.getBytes(UTF_8);
    }
}
