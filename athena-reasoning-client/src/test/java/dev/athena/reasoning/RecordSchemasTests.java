package dev.athena.reasoning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RecordSchemasTests {

    private final JsonNode schema = RecordSchemas.schemaFor(ExtractedPattern.class);

    private static java.util.List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    @Test
    void everyNonNullableComponentIsRequiredUnderItsJsonName() {
        assertThat(schema.get("type").asString()).isEqualTo("object");
        assertThat(strings(schema.get("required")))
                .containsExactlyInAnyOrder("pattern_type", "statement", "confidence", "supporting_events");
        assertThat(schema.get("properties").propertyNames())
                .containsExactlyInAnyOrder("pattern_type", "statement", "confidence", "supporting_events", "note");
        assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
        assertThat(schema.has("$schema")).isFalse();
    }

    @Test
    void enumsListTheirValuesAndNestedRecordsAreObjectsWithTheirOwnRequiredFields() {
        JsonNode properties = schema.get("properties");
        assertThat(strings(properties.get("pattern_type").get("enum")))
                .containsExactly("ERROR_FIX", "DECISION", "WORKFLOW");
        JsonNode evidence = properties.get("supporting_events").get("items");
        assertThat(strings(evidence.get("required"))).containsExactlyInAnyOrder("event_id", "quote");
        assertThat(properties.get("confidence").get("type").asString()).isEqualTo("number");
    }

    @Test
    void descriptionsGuideTheModel() {
        assertThat(schema.get("description").asString()).isEqualTo("A pattern found in a cluster of agent events");
        assertThat(schema.get("properties").get("statement").get("description").asString())
                .isEqualTo("One sentence that states the pattern");
    }

    @Test
    void onlyRecordsHaveASchema() {
        assertThatThrownBy(() -> RecordSchemas.schemaFor(notARecord()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a record");
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Record> notARecord() {
        return (Class<? extends Record>) (Class<?>) String.class;
    }
}
