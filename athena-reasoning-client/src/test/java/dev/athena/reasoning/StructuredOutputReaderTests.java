package dev.athena.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StructuredOutputReaderTests {

    private static final String VALID = """
            {"pattern_type":"WORKFLOW","statement":"Tests run before every push","confidence":0.8,
             "supporting_events":[{"event_id":"e-1","quote":"ran mvnw verify"}],"unexpected":"ignored"}""";

    private static String problem(String answer) {
        return StructuredOutputReader.read(answer, ExtractedPattern.class).problem();
    }

    @Test
    void readsAValidAnswerIgnoringUnknownProperties() {
        var outcome = StructuredOutputReader.read(VALID, ExtractedPattern.class);

        assertThat(outcome.value()).hasValueSatisfying(pattern -> {
            assertThat(pattern.patternType()).isEqualTo(ExtractedPattern.Kind.WORKFLOW);
            assertThat(pattern.supportingEvents())
                    .singleElement()
                    .extracting(ExtractedPattern.Evidence::quote)
                    .isEqualTo("ran mvnw verify");
        });
    }

    @Test
    void acceptsAnAnswerWrappedInAMarkdownFence() {
        assertThat(StructuredOutputReader.read("```json\n" + VALID + "\n```", ExtractedPattern.class)
                        .value())
                .isPresent();
    }

    @Test
    void namesWhatIsWrongWithAnInvalidAnswer() {
        assertThat(problem("")).isEqualTo("the answer was empty");
        assertThat(problem("{\"pattern_type\": \"WORKFLOW\", ")).contains("not valid JSON");
        assertThat(problem("[1, 2]")).isEqualTo("$ must be a JSON object");
        assertThat(problem(VALID.replace("\"statement\":\"Tests run before every push\",", "")))
                .isEqualTo("$.statement is required but missing");
        assertThat(problem(VALID.replace("0.8", "null"))).isEqualTo("$.confidence is required but missing");
        assertThat(problem(VALID.replace("\"event_id\":\"e-1\",", "")))
                .isEqualTo("$.supporting_events[0].event_id is required but missing");
        assertThat(problem(VALID.replace("WORKFLOW", "GOSSIP"))).contains("does not match ExtractedPattern");
        assertThat(problem(VALID.replace("0.8", "\"high\""))).contains("does not match ExtractedPattern");
        assertThat(problem(VALID + " trailing")).contains("not valid JSON");
    }

    @Test
    void aNullableComponentMayBeMissing() {
        assertThat(StructuredOutputReader.read(VALID, ExtractedPattern.class)
                        .value()
                        .orElseThrow()
                        .note())
                .isNull();
        assertThat(StructuredOutputReader.read(VALID.replace("\"unexpected\"", "\"note\""), ExtractedPattern.class)
                        .value()
                        .orElseThrow()
                        .note())
                .isEqualTo("ignored");
    }
}
