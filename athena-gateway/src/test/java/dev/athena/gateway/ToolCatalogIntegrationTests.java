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
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ToolCatalogIntegrationTests extends DatabaseIntegrationTest {

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Schema META_SCHEMA = SCHEMAS.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ToolRegistry registry;

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
            assertThat(META_SCHEMA.validate(schema)).as("%s: schema against the 2020-12 meta-schema", name).isEmpty();
            assertThat(schema.get("type").asString()).as(name).isEqualTo("object");
            assertThat(schema.get("additionalProperties").asBoolean(true)).as("%s: additionalProperties", name).isFalse();
            schema.get("properties").propertyNames().forEach(property ->
                    assertThat(property).as("%s: property names are snake_case", name).matches("[a-z][a-z0-9_]*"));

            JsonNode example = tool.get("example");
            assertThat(example).as("%s has an example", name).isNotNull();
            List<Error> errors = SCHEMAS.getSchema(schema).validate(example);
            assertThat(errors).as("%s: its example against its schema", name).isEmpty();
            var call = client.postJson("/tools/" + name + "/execute", example.toString());
            // The binder accepts what the schema accepts; an example naming an id that is not there may be a 404.
            assertThat(call.status()).as("%s: executing its example gave %s", name, call.raw()).isIn(200, 404);
        }
        assertThat(listed).containsExactlyElementsOf(registry.definitions().stream().map(ToolDefinition::name).sorted().toList());
    }

    @Test
    void theSchemaStatesWhatTheBinderEnforces() {
        JsonNode schema = client.get("/tools/remember").body().get("input_schema");
        Schema validator = SCHEMAS.getSchema(schema);

        assertThat(schema.get("required").valueStream().map(JsonNode::asString)).containsExactly("content");
        assertThat(schema.get("properties").propertyNames()).contains("content", "memory_type", "tags", "importance", "project");
        assertThat(schema.get("properties").get("tags").get("type").asString()).isEqualTo("array");
        assertThat(schema.get("properties").get("tags").get("items").get("type").asString()).isEqualTo("string");
        assertThat(schema.get("properties").get("importance").get("type").asString()).isEqualTo("number");

        for (String rejected : List.of("{\"memory_type\":\"fact\"}", "{\"content\":\"x\",\"colour\":\"red\"}",
                "{\"content\":\"x\",\"importance\":\"high\"}")) {
            assertThat(validator.validate(JSON.readTree(rejected))).as(rejected).isNotEmpty();
            assertThat(client.postJson("/tools/remember/execute", rejected).status()).as(rejected).isEqualTo(400);
        }
    }

    @Test
    void describesOneToolAndAnswersAnUnknownOneWithA404Problem() {
        var remember = client.get("/tools/remember");
        assertThat(remember.status()).isEqualTo(200);
        assertThat(remember.body().get("name").asString()).isEqualTo("remember");
        assertThat(remember.body().get("input_schema").get("properties").has("content")).isTrue();

        var unknown = client.get("/tools/teleport");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.body().get("detail").asString()).contains("teleport");
    }
}
