package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiIntegrationTests extends DatabaseIntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void documentsEachToolWithItsOwnRequestSchema() {
        var response = new GatewayClient(port).get("/v3/api-docs");

        assertThat(response.status()).isEqualTo(200);
        JsonNode paths = response.body().get("paths");
        assertThat(paths.has("/tools/{name}/execute")).isFalse();
        JsonNode remember = paths.get("/tools/remember/execute").get("post");
        JsonNode schema = remember.get("requestBody")
                .get("content")
                .get("application/json")
                .get("schema");
        assertThat(schema.get("properties").has("memory_type")).isTrue();
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.get("required").get(0).asString()).isEqualTo("content");
        assertThat(remember.get("requestBody")
                        .get("content")
                        .get("application/json")
                        .get("example")
                        .get("content")
                        .asString())
                .isNotBlank();
        assertThat(remember.get("responses").propertyNames())
                .contains("200", "400", "401", "403", "404", "413", "415", "503");
        assertThat(paths.has("/tools/recall/execute")).isTrue();
        assertThat(paths.has("/tools")).isTrue();
        assertThat(paths.has("/health")).isTrue();
        assertThat(paths.has("/error")).isFalse();
        assertThat(response.body().get("components").get("securitySchemes").has("bearer"))
                .isTrue();
    }

    @Test
    void documentsEnumsBoundsAndDefaultsOfTheParameters() {
        JsonNode paths = new GatewayClient(port).get("/v3/api-docs").body().get("paths");
        String parameters = "/post/requestBody/content/application~1json/schema/properties";
        JsonNode recall = paths.at("/~1tools~1recall~1execute" + parameters);
        JsonNode remember = paths.at("/~1tools~1remember~1execute" + parameters);

        assertThat(recall.at("/k/minimum").asInt()).isEqualTo(1);
        assertThat(recall.at("/k/maximum").asInt()).isEqualTo(100);
        assertThat(recall.at("/k/default").asInt()).isEqualTo(5);
        assertThat(recall.at("/mode/enum").valueStream().map(JsonNode::asString))
                .containsExactly("hybrid", "vector", "text");
        assertThat(remember.at("/memory_type/enum").valueStream().map(JsonNode::asString))
                .containsExactly("fact", "pattern", "decision", "context");
        assertThat(remember.at("/metadata/type").asString()).isEqualTo("object");
        assertThat(remember.at("/metadata/additionalProperties").asBoolean(true))
                .isTrue();
    }

    @Test
    void documentsResponsesWithTheWireNames() {
        JsonNode schemas = new GatewayClient(port)
                .get("/v3/api-docs")
                .body()
                .get("components")
                .get("schemas");

        assertThat(schemas.get("HealthReport").get("properties").has("uptime_seconds"))
                .isTrue();
    }

    @Test
    void servesSwaggerUi() {
        var response = new GatewayClient(port).get("/swagger-ui/index.html");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.raw()).contains("swagger-ui");
    }
}
