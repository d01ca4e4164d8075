package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HealthIntegrationTests extends DatabaseIntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void reportsOkWithOneEntryPerDependencyOnTheEmbeddedDefaults() {
        var response = new GatewayClient(port).get("/health");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.body().get("status").asString()).isEqualTo("ok");
        var dependencies = response.body().get("dependencies");
        assertThat(dependencies.get("database").get("status").asString()).isEqualTo("up");
        assertThat(dependencies.get("embedding").get("status").asString()).isEqualTo("up");
        assertThat(dependencies.get("embedding").get("detail").asString()).contains("e5-small-v2-q (384-d)");
        assertThat(dependencies.get("reasoning").get("status").asString()).isEqualTo("disabled");
        assertThat(dependencies.get("database").get("latency_ms").asLong()).isNotNegative();
    }

    @Test
    void exposesKubernetesProbes() {
        assertThat(new GatewayClient(port).get("/actuator/health/liveness").status())
                .isEqualTo(200);
        assertThat(new GatewayClient(port).get("/actuator/health/readiness").status())
                .isEqualTo(200);
    }
}
