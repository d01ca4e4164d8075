package dev.athena.gateway;

import java.time.Duration;
import java.util.Map;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Java MCP SDK's client over Streamable HTTP, as Claude Code would connect: {@code http://localhost:PORT/mcp}. */
public final class McpTestClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private McpTestClient() {}

    /** An initialized client; {@code headers} go with every request (an API key, for example). */
    public static McpSyncClient connect(int port, Map<String, String> headers) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        "http://localhost:" + port)
                .endpoint("/mcp")
                .connectTimeout(Duration.ofSeconds(5))
                .httpRequestCustomizer((request, method, uri, body, context) -> headers.forEach(request::header))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(10))
                .clientInfo(new McpSchema.Implementation("athena-tests", "1"))
                .build();
        client.initialize();
        return client;
    }

    public static McpSchema.CallToolResult call(McpSyncClient client, String tool, String argumentsJson) {
        @SuppressWarnings("unchecked")
        Map<String, Object> arguments = JSON.readValue(argumentsJson, Map.class);
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    /** The JSON text of a result's first content block: the tool's answer, or the problem of an error result. */
    public static JsonNode text(McpSchema.CallToolResult result) {
        return JSON.readTree(((McpSchema.TextContent) result.content().get(0)).text());
    }
}
