package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * MCP sessions belong to the API key that opened them and are bounded in number and size; small caps here so that they
 * are cheap to reach.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "ATHENA_API_KEYS=" + McpSessionIntegrationTests.ALPHA_KEY + ":alpha," + McpSessionIntegrationTests.BETA_KEY
                    + ":beta," + McpSessionIntegrationTests.GAMMA_KEY + ":gamma",
            "athena.mcp.max-sessions-per-key=3",
            "athena.mcp.max-sessions=5"
        })
@ExtendWith(OutputCaptureExtension.class)
class McpSessionIntegrationTests extends DatabaseIntegrationTest {

    static final String ALPHA_KEY = "alpha-key-0c1d2e3f4a";
    static final String BETA_KEY = "beta-key-9b8a7c6d5e";
    static final String GAMMA_KEY = "gamma-key-1f2e3d4c5b";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void anotherKeysDeleteOfASessionIsA404AndTheSessionLivesOn() {
        String session = initialize(ALPHA_KEY);

        var foreignDelete =
                client(BETA_KEY).withHeader("Mcp-Session-Id", session).delete("/mcp");

        assertThat(foreignDelete.status()).isEqualTo(404);
        assertThat(foreignDelete.contentType()).startsWith("application/problem+json");
        assertThat(inSession(ALPHA_KEY, session).status()).isEqualTo(200);
        assertThat(client(ALPHA_KEY)
                        .withHeader("Mcp-Session-Id", session)
                        .delete("/mcp")
                        .status())
                .isEqualTo(200);
        assertThat(inSession(ALPHA_KEY, session).status()).isEqualTo(404);
    }

    @Test
    void anotherKeysRequestInASessionIsA404() {
        String session = initialize(ALPHA_KEY);

        var foreign = inSession(BETA_KEY, session);

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        assertThat(foreign.raw()).doesNotContain(session);
    }

    @Test
    void aKeyOverItsCapLosesItsLeastRecentlyUsedSessionAndTheServerItsOwn() {
        List<String> alpha = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            alpha.add(initialize(ALPHA_KEY));
        }

        assertThat(alpha.subList(0, 7))
                .allSatisfy(session ->
                        assertThat(inSession(ALPHA_KEY, session).status()).isEqualTo(404));
        assertThat(alpha.subList(7, 10))
                .allSatisfy(session ->
                        assertThat(inSession(ALPHA_KEY, session).status()).isEqualTo(200));

        String beta1 = initialize(BETA_KEY);
        initialize(BETA_KEY);
        initialize(GAMMA_KEY); // the sixth session: the least recently used of all goes, alpha's 8th

        assertThat(inSession(ALPHA_KEY, alpha.get(7)).status()).isEqualTo(404);
        assertThat(inSession(ALPHA_KEY, alpha.get(9)).status()).isEqualTo(200);
        assertThat(inSession(BETA_KEY, beta1).status()).isEqualTo(200);
        assertThat(meters.get("athena.mcp.sessions").gauge().value()).isLessThanOrEqualTo(5);
    }

    @Test
    void aMegabyteClientInfoIsRefusedNamingTheFieldAndNeverLogged(CapturedOutput output) {
        String marker = "clientinfo-marker-";
        var response = client(ALPHA_KEY)
                .postJson("/mcp", initializeBody("{\"name\":\"" + marker + "x".repeat(1_000_000) + "\"}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("params.clientInfo.name");
        assertThat(response.header("Mcp-Session-Id")).isNull();
        assertThat(response.raw()).doesNotContain(marker);
        assertThat(output.getAll()).doesNotContain(marker);
    }

    @Test
    void aNormalInitializeLogsNoClientText(CapturedOutput output) {
        client(ALPHA_KEY).postJson("/mcp", initializeBody("{\"name\":\"client-name-in-no-log\",\"version\":\"1\"}"));

        assertThat(output.getAll()).doesNotContain("client-name-in-no-log");
    }

    private GatewayClient client(String key) {
        return new GatewayClient(port).withBearer(key).withHeader("Accept", "application/json, text/event-stream");
    }

    private String initialize(String key) {
        var response = client(key).postJson("/mcp", initializeBody("{\"name\":\"athena-tests\",\"version\":\"1\"}"));
        assertThat(response.status()).isEqualTo(200);
        return response.header("Mcp-Session-Id");
    }

    private GatewayClient.Response inSession(String key, String session) {
        return client(key).withHeader("Mcp-Session-Id", session).postJson("/mcp", TOOLS_LIST);
    }

    static String initializeBody(String clientInfo) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":" + clientInfo + "}}";
    }
}
