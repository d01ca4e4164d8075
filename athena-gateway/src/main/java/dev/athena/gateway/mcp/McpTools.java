package dev.athena.gateway.mcp;

import java.time.Duration;
import java.util.Map;

import dev.athena.gateway.tools.Caller;
import dev.athena.gateway.tools.ToolDescription;
import dev.athena.gateway.tools.ToolInvoker;
import dev.athena.gateway.tools.ToolOutcome;
import dev.athena.gateway.web.Problems;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns registry tools into MCP tools. A result is returned as JSON text and as structured content; a failure is an
 * error result ({@code isError: true}) carrying the same problem JSON as the REST answer, so the model can read which
 * parameter was wrong and try again.
 */
final class McpTools {

    private static final Logger log = LoggerFactory.getLogger(McpTools.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ToolInvoker invoker;
    private final Duration retryAfter;

    McpTools(ToolInvoker invoker, Duration retryAfter) {
        this.invoker = invoker;
        this.retryAfter = retryAfter;
    }

    @SuppressWarnings("unchecked")
    SyncToolSpecification specification(ToolDescription tool) {
        McpSchema.Tool definition = McpSchema.Tool.builder()
                .name(tool.name())
                .description(tool.description())
                .inputSchema(JSON.convertValue(tool.inputSchema(), Map.class))
                .annotations(hints(tool))
                .build();
        return SyncToolSpecification.builder()
                .tool(definition)
                .callHandler((exchange, request) -> call(tool.name(), exchange, request))
                .build();
    }

    /**
     * What a client may assume about a call. MCP takes a tool that says nothing for destructive, so every tool that
     * writes says whether it is; for a read-only tool the destructive hint means nothing and is left out.
     */
    static McpSchema.ToolAnnotations hints(ToolDescription tool) {
        return McpSchema.ToolAnnotations.builder()
                .readOnlyHint(tool.readOnly())
                .destructiveHint(tool.readOnly() ? null : tool.destructive())
                .build();
    }

    @SuppressWarnings("unchecked")
    private McpSchema.CallToolResult call(
            String tool, McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        Caller caller = (Caller) exchange.transportContext().get(McpServerConfiguration.CALLER);
        if (caller == null) {
            throw new IllegalStateException("no caller in the MCP transport context");
        }
        JsonNode arguments = JSON.valueToTree(request.arguments() == null ? Map.of() : request.arguments());
        try {
            JsonNode result = invoker.execute(tool, arguments, caller);
            McpSchema.CallToolResult.Builder answer =
                    McpSchema.CallToolResult.builder().addTextContent(JSON.writeValueAsString(result));
            if (result.isObject()) {
                answer.structuredContent(JSON.convertValue(result, Map.class));
            }
            return answer.build();
        } catch (RuntimeException e) {
            if (ToolOutcome.of(e) == ToolOutcome.ERROR) {
                log.error("unexpected failure in MCP tool call {}", tool, e);
            }
            ProblemDetail problem = Problems.of(e, retryAfter);
            return McpSchema.CallToolResult.builder()
                    .isError(true)
                    .addTextContent(JSON.writeValueAsString(Problems.asMap(problem)))
                    .build();
        }
    }
}
