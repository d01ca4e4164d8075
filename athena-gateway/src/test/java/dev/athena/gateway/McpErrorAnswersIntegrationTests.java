package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Malformed MCP requests get a problem naming what is wrong, never a 500 and never Java internals (the SDK's own error
 * answers serialise an exception, stack trace included).
 */
@ExtendWith(OutputCaptureExtension.class)
class McpErrorAnswersIntegrationTests extends SecuredGatewayIntegrationTest {

    private static final String ACCEPT = "application/json, text/event-stream";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    String session;

    @BeforeEach
    void initialize() {
        var response = mcpClient()
                .postJson("/mcp", McpSessionIntegrationTests.initializeBody("{\"name\":\"t\",\"version\":\"1\"}"));
        assertThat(response.status()).isEqualTo(200);
        session = response.header("Mcp-Session-Id");
    }

    @Test
    void anUnparsableBodyIsA400NamingTheBody() {
        assertProblem(mcpClient().postJson("/mcp", "{"), 400, "body");
        assertProblem(inSession().postJson("/mcp", "{"), 400, "body");
    }

    @Test
    void anUnknownSessionIdIsA404ProblemForEveryMethod() {
        GatewayClient unknown = mcpClient().withHeader("Mcp-Session-Id", "no-such-session");

        assertProblem(unknown.postJson("/mcp", TOOLS_LIST), 404, null);
        assertProblem(unknown.get("/mcp"), 404, null);
        assertProblem(unknown.delete("/mcp"), 404, null);
    }

    @Test
    void aMissingAcceptIsA400NamingTheHeader() {
        GatewayClient withoutAccept = alpha();

        assertProblem(
                withoutAccept.postJson("/mcp", McpSessionIntegrationTests.initializeBody("{\"name\":\"t\"}")),
                400,
                "Accept");
        assertProblem(withoutAccept.withHeader("Mcp-Session-Id", session).postJson("/mcp", TOOLS_LIST), 400, "Accept");
        assertProblem(withoutAccept.withHeader("Mcp-Session-Id", session).get("/mcp"), 400, "Accept");
    }

    @Test
    void aRequestWithoutItsSessionIdIsA400NamingTheHeader() {
        assertProblem(mcpClient().postJson("/mcp", TOOLS_LIST), 400, "Mcp-Session-Id");
        assertProblem(mcpClient().delete("/mcp"), 400, "Mcp-Session-Id");
    }

    @Test
    void toolArgumentsThatAreNotAnObjectAreA400NamingThem() {
        String call =
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"recall\",\"arguments\":[1]}}";

        assertProblem(inSession().postJson("/mcp", call), 400, "params.arguments");
        assertProblem(inSession().postJson("/mcp", call.replace("[1]", "\"x\"")), 400, "params.arguments");
    }

    @Test
    void aBodyThatIsNotJsonIsA415() {
        assertProblem(inSession().post("/mcp", "text/plain", TOOLS_LIST), 415, null);
    }

    @Test
    void noneOfTheseLogsAStackTrace(CapturedOutput output) {
        inSession().postJson("/mcp", "{");
        mcpClient().withHeader("Mcp-Session-Id", "no-such-session").postJson("/mcp", TOOLS_LIST);
        inSession()
                .postJson(
                        "/mcp",
                        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"recall\",\"arguments\":[1]}}");

        assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    private GatewayClient mcpClient() {
        return alpha().withHeader("Accept", ACCEPT);
    }

    private GatewayClient inSession() {
        return mcpClient().withHeader("Mcp-Session-Id", session);
    }

    private static void assertProblem(GatewayClient.Response response, int status, String field) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.raw())
                .doesNotContain("stackTrace")
                .doesNotContain("Exception")
                .doesNotContain("at io.");
        if (field != null) {
            assertThat(response.body().get("errors").get(0).get("field").asString())
                    .isEqualTo(field);
        }
    }
}
