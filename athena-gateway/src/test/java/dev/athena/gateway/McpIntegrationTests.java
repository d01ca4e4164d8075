package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.athena.gateway.tools.ToolDefinition;
import dev.athena.gateway.tools.ToolRegistry;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Athena as Claude Code sees it: an MCP server over Streamable HTTP at /mcp. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class McpIntegrationTests extends DatabaseIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    ToolRegistry registry;

    McpSyncClient mcp;

    @BeforeEach
    void connect() {
        mcp = McpTestClient.connect(port, Map.of());
    }

    @AfterEach
    void close() {
        mcp.closeGracefully();
    }

    @Test
    void initializesAsAthenaWithToolsAndInstructions() {
        assertThat(mcp.getServerInfo().name()).isEqualTo("athena");
        assertThat(mcp.getServerCapabilities().tools()).isNotNull();
        assertThat(mcp.getServerInstructions()).contains("recall").contains("remember");
    }

    @Test
    void listsEveryToolOfTheRegistryWithItsSchema() {
        var tools = mcp.listTools().tools();

        assertThat(tools)
                .extracting(McpSchema.Tool::name)
                .containsExactlyInAnyOrderElementsOf(registry.definitions().stream()
                        .map(ToolDefinition::name)
                        .toList());
        McpSchema.Tool remember = tools.stream()
                .filter(t -> t.name().equals("remember"))
                .findFirst()
                .orElseThrow();
        assertThat(remember.description()).isNotBlank();
        assertThat(remember.inputSchema()).containsEntry("type", "object").containsEntry("additionalProperties", false);
        Map<?, ?> properties = (Map<?, ?>) remember.inputSchema().get("properties");
        assertThat(properties.keySet().stream().map(Object::toString)).contains("content", "memory_type", "project");
    }

    @Test
    void tellsWhichToolsOnlyReadAndWhichDestroy() {
        Map<String, McpSchema.ToolAnnotations> hints = new TreeMap<>();
        mcp.listTools().tools().forEach(tool -> hints.put(tool.name(), tool.annotations()));

        assertThat(hints).allSatisfy((name, hint) -> assertThat(hint).as(name).isNotNull());
        for (String reader : List.of(
                "recall",
                "get_memory",
                "list_memories",
                "memory_history",
                "recall_events",
                "get_timeline",
                "event_history",
                "compress_prompt")) {
            assertThat(hints.get(reader).readOnlyHint()).as(reader).isTrue();
        }
        for (String destroyer : List.of("forget", "purge_memory", "erase_events")) {
            assertThat(hints.get(destroyer).readOnlyHint()).as(destroyer).isFalse();
            assertThat(hints.get(destroyer).destructiveHint()).as(destroyer).isTrue();
        }
        for (String writer :
                List.of("remember", "remember_batch", "record_event", "batch_record_events", "run_consolidation")) {
            assertThat(hints.get(writer).readOnlyHint()).as(writer).isFalse();
            assertThat(hints.get(writer).destructiveHint()).as(writer).isFalse();
        }
    }

    @Test
    void aWrongEnumValueIsAnErrorResultListingTheAllowedValues() {
        var result = McpTestClient.call(mcp, "recall", "{\"query\":\"x\",\"mode\":\"semantic\"}");

        assertThat(result.isError()).isTrue();
        JsonNode error = McpTestClient.text(result).get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("mode");
        assertThat(error.get("reason").asString()).isEqualTo("must be one of hybrid, vector, text, was 'semantic'");
    }

    @Test
    void remembersThenRecallsTheMemory() {
        var remembered = McpTestClient.call(
                mcp,
                "remember",
                "{\"content\":\"Die Lieblingssprache des Nutzers ist Rust — naïve café "
                        + "test\",\"memory_type\":\"fact\",\"tags\":[\"lang\"]}");

        assertThat(remembered.isError()).isNotEqualTo(Boolean.TRUE);
        String id = McpTestClient.text(remembered).get("id").asString();
        assertThat(remembered.structuredContent()).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) remembered.structuredContent()).get("status")).isEqualTo("created");

        var recalled = McpTestClient.call(mcp, "recall", "{\"query\":\"Lieblingssprache des Nutzers\",\"k\":3}");

        assertThat(recalled.isError()).isNotEqualTo(Boolean.TRUE);
        JsonNode first = McpTestClient.text(recalled).get("results").get(0);
        assertThat(first.get("id").asString()).isEqualTo(id);
        assertThat(first.get("content").asString())
                .isEqualTo("Die Lieblingssprache des Nutzers ist Rust — naïve café test");
        assertThat(first.get("tags").get(0).asString()).isEqualTo("lang");
    }

    @Test
    void badParametersAreAnErrorResultNamingTheFieldAndWriteNothing() {
        var result = McpTestClient.call(mcp, "remember", "{\"content\":\"x\",\"importance\":\"high\"}");

        assertThat(result.isError()).isTrue();
        JsonNode problem = McpTestClient.text(result);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("importance");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM memories", Long.class))
                .isZero();
    }

    @Test
    void refusesABrowserOriginItDoesNotKnowWithAProblem() {
        var response = new GatewayClient(port)
                .withHeader("Origin", "http://evil.example")
                .withHeader("Accept", "application/json, text/event-stream")
                .postJson("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.raw()).doesNotContain("Exception");
    }
}
