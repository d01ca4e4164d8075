package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * Client values never shape the log: a line break in a parameter cannot start a forged line, and a huge parameter is
 * not written whole. Plain-text logs, where a forged line would pass for a real one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class LogForgingIntegrationTests extends DatabaseIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FORGED =
            "INFO dev.athena.gateway.tools.ToolInvoker -- tool=forget project=victim outcome=success";
    private static final int HUGE = 3 * 1024 * 1024;

    @LocalServerPort
    int port;

    @Test
    void aLineBreakInTheProjectIsRefusedAndForgesNoLogLine(CapturedOutput output) {
        var response = new GatewayClient(port)
                .postJson(
                        "/tools/remember/execute",
                        JSON.writeValueAsString(Map.of("content", "a fact", "project", "alpha\n" + FORGED)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("project");
        assertThat(output.getAll().lines()).noneMatch(line -> line.startsWith(FORGED));
        assertThat(output.getAll()).contains("tool=remember project=- outcome=invalid");
    }

    @Test
    void aThreeMegabyteProjectIsRefusedWithoutBeingLogged(CapturedOutput output) {
        int before = output.getAll().length();

        var response = new GatewayClient(port)
                .postJson(
                        "/tools/recall/execute",
                        JSON.writeValueAsString(Map.of("query", "x", "project", "p".repeat(HUGE))));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("project");
        assertThat(output.getAll().length() - before).isLessThan(20_000);
    }

    @Test
    void overMcpTheSameParametersAreRefusedAndNeitherForgeNorFlood(CapturedOutput output) {
        try (McpSyncClient mcp = McpTestClient.connect(port, Map.of())) {
            int before = output.getAll().length();

            var forged = McpTestClient.call(
                    mcp,
                    "record_event",
                    JSON.writeValueAsString(
                            Map.of("event_type", "test_run", "content", "x", "project", "alpha\r\n" + FORGED)));
            var huge = McpTestClient.call(
                    mcp, "list_memories", JSON.writeValueAsString(Map.of("project", "p".repeat(HUGE))));

            assertThat(forged.isError()).isTrue();
            assertThat(McpTestClient.text(forged)
                            .get("errors")
                            .get(0)
                            .get("field")
                            .asString())
                    .isEqualTo("project");
            assertThat(huge.isError()).isTrue();
            assertThat(output.getAll().lines()).noneMatch(line -> line.startsWith(FORGED));
            assertThat(output.getAll().length() - before).isLessThan(20_000);
        }
    }
}
