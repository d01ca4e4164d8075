package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.athena.gateway.tools.ToolDefinition;
import dev.athena.gateway.tools.ToolRegistry;
import dev.athena.memory.MemoryProperties;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import dev.athena.reasoning.compression.CompressionProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ToolCatalogIntegrationTests extends DatabaseIntegrationTest {

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Schema META_SCHEMA =
            SCHEMAS.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ToolRegistry registry;

    @Autowired
    MemoryProperties memoryProperties;

    @Autowired
    CompressionProperties compressionLimits;

    GatewayClient client;

    @BeforeEach
    void client() {
        client = new GatewayClient(port);
    }

    @Test
    void listsEveryRegisteredToolWithAValidSchemaAndAnExampleTheToolAccepts() {
        var response = client.get("/tools");

        assertThat(response.status()).isEqualTo(200);
        List<String> listed = new ArrayList<>();
        for (JsonNode tool : response.body().get("tools")) {
            String name = tool.get("name").asString();
            listed.add(name);
            assertThat(tool.get("description").asString()).as(name).isNotBlank();
            JsonNode schema = tool.get("input_schema");
            assertThat(META_SCHEMA.validate(schema))
                    .as("%s: schema against the 2020-12 meta-schema", name)
                    .isEmpty();
            assertThat(schema.get("type").asString()).as(name).isEqualTo("object");
            assertThat(schema.get("additionalProperties").asBoolean(true))
                    .as("%s: additionalProperties", name)
                    .isFalse();
            schema.get("properties")
                    .propertyNames()
                    .forEach(property -> assertThat(property)
                            .as("%s: property names are snake_case", name)
                            .matches("[a-z][a-z0-9_]*"));

            JsonNode example = tool.get("example");
            assertThat(example).as("%s has an example", name).isNotNull();
            List<Error> errors = SCHEMAS.getSchema(schema).validate(example);
            assertThat(errors).as("%s: its example against its schema", name).isEmpty();
            var call = client.postJson("/tools/" + name + "/execute", example.toString());
            // The binder accepts what the schema accepts; an example naming an id that is not there may be a 404.
            assertThat(call.status())
                    .as("%s: executing its example gave %s", name, call.raw())
                    .isIn(200, 404);
        }
        assertThat(listed)
                .containsExactlyElementsOf(registry.definitions().stream()
                        .map(ToolDefinition::name)
                        .sorted()
                        .toList());
    }

    @Test
    void theSchemaStatesWhatTheBinderEnforces() {
        JsonNode schema = client.get("/tools/remember").body().get("input_schema");
        Schema validator = SCHEMAS.getSchema(schema);

        assertThat(schema.get("required").valueStream().map(JsonNode::asString)).containsExactly("content");
        assertThat(schema.get("properties").propertyNames())
                .contains("content", "memory_type", "tags", "importance", "project");
        assertThat(schema.get("properties").get("tags").get("type").asString()).isEqualTo("array");
        assertThat(schema.get("properties").get("tags").get("items").get("type").asString())
                .isEqualTo("string");
        assertThat(schema.get("properties").get("importance").get("type").asString())
                .isEqualTo("number");

        for (String rejected : List.of(
                "{\"memory_type\":\"fact\"}",
                "{\"content\":\"x\",\"colour\":\"red\"}",
                "{\"content\":\"x\",\"importance\":\"high\"}")) {
            assertThat(validator.validate(JSON.readTree(rejected))).as(rejected).isNotEmpty();
            assertThat(client.postJson("/tools/remember/execute", rejected).status())
                    .as(rejected)
                    .isEqualTo(400);
        }
    }

    @Test
    void showsEveryEnumBoundAndDefault() {
        ObjectNode tools = JSON.createObjectNode();
        client.get("/tools")
                .body()
                .get("tools")
                .forEach(tool -> tools.set(
                        tool.get("name").asString(), tool.get("input_schema").get("properties")));
        List<String> memoryTypes = List.of("fact", "pattern", "decision", "context");

        assertEnum(tools.at("/remember/memory_type"), memoryTypes, "fact");
        assertRange(tools.at("/remember/importance"), 0, 1, 0.5);
        assertThat(tools.at("/remember/tags/maxItems").asInt()).isEqualTo(32);
        assertEnum(tools.at("/remember_batch/items/items/properties/memory_type"), memoryTypes, "fact");
        assertThat(tools.at("/remember_batch/items/minItems").asInt()).isEqualTo(1);
        assertThat(tools.at("/remember_batch/items/maxItems").asInt()).isEqualTo(memoryProperties.maxBatchItems());
        assertThat(tools.at("/batch_record_events/events/minItems").asInt()).isEqualTo(1);
        assertThat(tools.at("/batch_record_events/events/maxItems").asInt())
                .isEqualTo(memoryProperties.maxBatchItems());
        assertRange(tools.at("/recall/k"), 1, 100, 5);
        assertThat(tools.at("/recall/query/maxLength").asInt()).isEqualTo(4096);
        assertEnum(tools.at("/recall/mode"), List.of("hybrid", "vector", "text"), "hybrid");
        assertEnum(tools.at("/recall/memory_type"), memoryTypes, null);
        assertEnum(tools.at("/recall/memory_types/items"), memoryTypes, null);
        assertThat(tools.at("/recall/rerank/default").asBoolean()).isTrue();
        assertEnum(tools.at("/list_memories/state"), List.of("active", "superseded", "forgotten"), null);
        assertEnum(tools.at("/list_memories/memory_type"), memoryTypes, null);
        assertRange(tools.at("/list_memories/limit"), 1, 500, 50);
        assertEnum(tools.at("/forget/memory_type"), memoryTypes, null);
        List<String> eventTypes = List.of(
                "conversation",
                "action",
                "decision",
                "error",
                "success",
                "file_change",
                "test_run",
                "deployment",
                "refactoring",
                "debugging");
        List<String> outcomes = List.of("success", "failure", "partial", "ongoing");
        assertEnum(tools.at("/record_event/event_type"), eventTypes, null);
        assertEnum(tools.at("/record_event/outcome"), outcomes, null);
        assertThat(tools.at("/record_event/duration_ms/minimum").asInt()).isZero();
        assertThat(tools.at("/record_event/session_id/maxLength").asInt()).isEqualTo(128);
        assertThat(tools.at("/record_event/idempotency_key/maxLength").asInt()).isEqualTo(128);
        assertEnum(tools.at("/batch_record_events/events/items/properties/event_type"), eventTypes, null);
        assertEnum(tools.at("/batch_record_events/events/items/properties/outcome"), outcomes, null);
        assertEnum(tools.at("/erase_events/event_type"), eventTypes, null);
        assertThat(tools.at("/erase_events/reason/maxLength").asInt()).isEqualTo(1024);
        assertEnum(tools.at("/recall_events/event_type"), eventTypes, null);
        assertRange(tools.at("/recall_events/limit"), 1, 1000, 50);
        assertRange(tools.at("/get_timeline/days_back"), 1, 365, 7);
        assertEnum(tools.at("/run_consolidation/strategy"), List.of("speed", "balanced", "quality"), "balanced");
        assertRange(tools.at("/run_consolidation/days_back"), 1, 365, 7);
        assertThat(tools.at("/compress_prompt/rate/default").asDouble()).isEqualTo(0.5);
        assertThat(tools.at("/compress_prompt/context/maxLength").asInt()).isEqualTo(400_000);
        assertThat(tools.at("/compress_prompt/instruction/maxLength").asInt())
                .isEqualTo(compressionLimits.maxInstructionLength());
        assertThat(tools.at("/compress_prompt/force_tokens/maxItems").asInt())
                .isEqualTo(compressionLimits.maxForceTokens());
    }

    @Test
    void metadataTakesAnyKeys() {
        JsonNode schema = client.get("/tools/remember").body().get("input_schema");
        JsonNode metadata = schema.get("properties").get("metadata");

        assertThat(metadata.get("type").asString()).isEqualTo("object");
        String call = "{\"content\":\"x\","
                + "\"metadata\":{\"source\":\"chat\",\"score\":3,\"nested\":{\"any\":[1,\"two\"]}}}";
        assertThat(SCHEMAS.getSchema(schema).validate(JSON.readTree(call))).isEmpty();
        assertThat(client.postJson("/tools/remember/execute", call).status()).isEqualTo(200);
    }

    @Test
    void tellsWhichToolsOnlyReadAndWhichDestroy() {
        JsonNode recall = client.get("/tools/recall").body();
        JsonNode purge = client.get("/tools/purge_memory").body();
        JsonNode remember = client.get("/tools/remember").body();

        assertThat(recall.get("read_only").asBoolean()).isTrue();
        assertThat(recall.get("destructive").asBoolean()).isFalse();
        assertThat(purge.get("read_only").asBoolean()).isFalse();
        assertThat(purge.get("destructive").asBoolean()).isTrue();
        assertThat(remember.get("read_only").asBoolean()).isFalse();
        assertThat(remember.get("destructive").asBoolean()).isFalse();
    }

    @Test
    void batchDescriptionsStateTheConfiguredBatchLimit() {
        int limit = memoryProperties.maxBatchItems();

        assertThat(client.get("/tools/remember_batch").body().get("description").asString())
                .contains("up to " + limit + " memories");
        assertThat(client.get("/tools/batch_record_events")
                        .body()
                        .get("description")
                        .asString())
                .contains("up to " + limit + " events");
    }

    @Test
    void aWrongEnumValueOrAnOutOfRangeNumberIsAProblemNamingTheFieldAndTheReason() {
        var wrongType = client.postJson("/tools/remember/execute", "{\"content\":\"x\",\"memory_type\":\"fakt\"}");
        var tooMany = client.postJson("/tools/recall/execute", "{\"query\":\"x\",\"k\":101}");
        var wrongItem =
                client.postJson("/tools/recall/execute", "{\"query\":\"x\",\"memory_types\":[\"fact\",\"facts\"]}");

        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.contentType()).startsWith("application/problem+json");
        assertThat(wrongType.body().get("errors").get(0).get("field").asString())
                .isEqualTo("memory_type");
        assertThat(wrongType.body().get("errors").get(0).get("reason").asString())
                .isEqualTo("must be one of fact, pattern, decision, context, was 'fakt'");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.contentType()).startsWith("application/problem+json");
        assertThat(tooMany.body().get("errors").get(0).get("field").asString()).isEqualTo("k");
        assertThat(tooMany.body().get("errors").get(0).get("reason").asString()).isEqualTo("must be between 1 and 100");
        assertThat(wrongItem.body().get("errors").get(0).get("field").asString())
                .isEqualTo("memory_types[1]");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM memories", Long.class))
                .isZero();
    }

    private static void assertEnum(JsonNode schema, List<String> values, String defaultValue) {
        assertThat(schema.isMissingNode()).as("schema present").isFalse();
        assertThat(schema.get("enum").valueStream().map(JsonNode::asString))
                .as("enum of %s", schema)
                .containsExactlyElementsOf(values);
        if (defaultValue == null) {
            assertThat(schema.has("default")).as("default of %s", schema).isFalse();
        } else {
            assertThat(schema.get("default").asString())
                    .as("default of %s", schema)
                    .isEqualTo(defaultValue);
        }
    }

    private static void assertRange(JsonNode schema, double minimum, double maximum, double defaultValue) {
        assertThat(schema.isMissingNode()).as("schema present").isFalse();
        assertThat(schema.get("minimum").asDouble()).as("minimum of %s", schema).isEqualTo(minimum);
        assertThat(schema.get("maximum").asDouble()).as("maximum of %s", schema).isEqualTo(maximum);
        assertThat(schema.get("default").asDouble()).as("default of %s", schema).isEqualTo(defaultValue);
    }

    @Test
    void describesOneToolAndAnswersAnUnknownOneWithA404Problem() {
        var remember = client.get("/tools/remember");
        assertThat(remember.status()).isEqualTo(200);
        assertThat(remember.body().get("name").asString()).isEqualTo("remember");
        assertThat(remember.body().get("input_schema").get("properties").has("content"))
                .isTrue();

        var unknown = client.get("/tools/teleport");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.body().get("detail").asString()).contains("teleport");
    }
}
