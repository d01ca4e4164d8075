package dev.athena.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ToolSchemasTests {

    public enum Strategy {
        BALANCED,
        SPEED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Item(
            @NotBlank String content,
            @DecimalMin("0") @DecimalMax("1") Double importance) {}

    record BatchParameters(
            @NotNull @Size(min = 1, max = 1000) @Valid List<Item> items,
            @Min(1) @Max(30) Integer daysBack,
            Strategy strategy,
            @Pattern(regexp = "[a-z]+") String project,
            boolean dryRun,
            Map<String, Object> metadata,
            @Default("7") Integer limit,
            @Default("speed") Strategy fallback)
            implements ProjectScoped {}

    private final ObjectNode schema = ToolSchemas.of(BatchParameters.class);

    @Test
    void isADraft2020ObjectWithSnakeCaseNamesAndNoOtherProperties() {
        assertThat(schema.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("type").asString()).isEqualTo("object");
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.get("properties").propertyNames())
                .containsExactlyInAnyOrder(
                        "items", "days_back", "strategy", "project", "dry_run", "metadata", "limit", "fallback");
    }

    @Test
    void takesRequiredRangesLengthsAndPatternsFromBeanValidation() {
        JsonNode properties = schema.get("properties");

        assertThat(schema.get("required").valueStream().map(JsonNode::asString)).contains("items");
        assertThat(properties.get("items").get("minItems").asInt()).isEqualTo(1);
        assertThat(properties.get("items").get("maxItems").asInt()).isEqualTo(1000);
        assertThat(properties.get("days_back").get("minimum").asInt()).isEqualTo(1);
        assertThat(properties.get("days_back").get("maximum").asInt()).isEqualTo(30);
        assertThat(properties.get("project").get("pattern").asString()).isEqualTo("[a-z]+");
        assertThat(properties.get("dry_run").get("type").asString()).isEqualTo("boolean");
    }

    @Test
    void listsEnumValuesAsTheyAreWritten() {
        assertThat(schema.get("properties")
                        .get("strategy")
                        .get("enum")
                        .valueStream()
                        .map(JsonNode::asString))
                .containsExactly("balanced", "speed");
    }

    @Test
    void describesAMapAsAFreeFormObject() {
        JsonNode metadata = schema.get("properties").get("metadata");

        assertThat(metadata.get("type").asString()).isEqualTo("object");
        assertThat(metadata.has("properties")).isFalse();
        assertThat(metadata.path("additionalProperties").asBoolean(true))
                .as("additionalProperties of %s", metadata)
                .isTrue();
    }

    @Test
    void statesDeclaredDefaultsAsTheWireWritesThem() {
        assertThat(schema.get("properties").get("limit").get("default").isIntegralNumber())
                .isTrue();
        assertThat(schema.get("properties").get("limit").get("default").asInt()).isEqualTo(7);
        assertThat(schema.get("properties").get("fallback").get("default").asString())
                .isEqualTo("speed");
        assertThat(schema.get("properties").get("strategy").has("default")).isFalse();
    }

    @Test
    void describesNestedRecordsTheSameWay() {
        JsonNode item = schema.get("properties").get("items").get("items");

        assertThat(item.get("type").asString()).isEqualTo("object");
        assertThat(item.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(item.get("required").valueStream().map(JsonNode::asString)).containsExactly("content");
        assertThat(item.get("properties").get("content").get("minLength").asInt())
                .isEqualTo(1);
        assertThat(item.get("properties").get("importance").get("maximum").asInt())
                .isEqualTo(1);
    }
}
