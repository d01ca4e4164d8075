package dev.athena.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.athena.gateway.GatewayClient;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Without API keys the browser request guard stands between web pages and Athena. The console is same-origin, so its
 * requests pass; the same requests from a foreign page are still refused.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {ConsoleIntegrationTest.SMALL_POOL, ConsoleIntegrationTest.FEW_IDLE})
class ConsoleOpenModeIntegrationTests extends DatabaseIntegrationTest {

    @LocalServerPort
    int port;

    private GatewayClient browser(String origin, String fetchSite) {
        GatewayClient client = new GatewayClient(port).withHeader("Sec-Fetch-Site", fetchSite);
        return origin == null ? client : client.withHeader("Origin", origin);
    }

    @Test
    void theConsolesOwnRequestsPassTheBrowserGuard() {
        String self = "http://localhost:" + port;

        assertThat(browser(null, "none").get("/console").status()).isEqualTo(200);
        assertThat(browser(null, "same-origin")
                        .get("/console/assets/console.js")
                        .status())
                .isEqualTo(200);
        GatewayClient.Response session = browser(self, "same-origin").get("/console/api/session");
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.body().get("keys_required").asBoolean()).isFalse();
        assertThat(session.body().get("all_projects").asBoolean()).isTrue();
        assertThat(browser(self, "same-origin")
                        .postJson("/tools/list_memories/execute", "{}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aForeignPageStillCannotUseTheConsolesEndpoints() {
        assertThat(browser("https://evil.example", "cross-site")
                        .get("/console/api/session")
                        .status())
                .isEqualTo(403);
        assertThat(browser("https://evil.example", "cross-site")
                        .get("/console/api/status")
                        .status())
                .isEqualTo(403);
        assertThat(browser(null, "cross-site").get("/console/api/session").status())
                .isEqualTo(403);
    }
}
