package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.athena.gateway.metrics.MemoryGauges;
import dev.athena.memory.InProcessBm25;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsIntegrationTests extends DatabaseIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    MemoryGauges memoryGauges;

    @Autowired
    InProcessBm25 inProcessIndex;

    GatewayClient client;

    @BeforeEach
    void client() {
        client = new GatewayClient(port);
    }

    @Test
    void toolCallsAreTimedByToolAndOutcomeWithClientErrorsApartFromServerErrors() {
        PrometheusScrape before = scrape();
        double successes = count(before, "remember", "success");
        double invalid = count(before, "remember", "invalid");

        client.postJson("/tools/remember/execute", "{\"content\":\"metrics are counted\"}");
        client.postJson("/tools/remember/execute", "{\"content\":\"metrics are counted twice\"}");
        client.postJson("/tools/remember/execute", "{\"content\":\"x\",\"colour\":\"red\"}");
        client.postJson("/tools/recall/execute", "{\"query\":\"metrics\"}");

        PrometheusScrape after = scrape();
        assertThat(count(after, "remember", "success")).isEqualTo(successes + 2);
        assertThat(count(after, "remember", "invalid")).isEqualTo(invalid + 1);
        assertThat(count(after, "recall", "success")).isGreaterThanOrEqualTo(1);
        assertThat(after.has("athena_tool_calls_seconds_sum", Map.of("tool", "remember", "outcome", "success")))
                .isTrue();
        assertThat(after.has(
                        "athena_tool_calls_seconds_bucket",
                        Map.of("tool", "remember", "outcome", "success", "le", "0.1")))
                .isTrue();
        assertThat(after.lines("athena_tool_calls_seconds_count"))
                .noneMatch(line -> line.contains("outcome=\"error\""));
    }

    @Test
    void memoryCountsByProjectTypeAndStateAndThePendingBacklogAreGauges() {
        client.postJson("/tools/remember/execute", "{\"content\":\"a fact in alpha\",\"project\":\"alpha\"}");
        client.postJson("/tools/remember/execute", "{\"content\":\"another fact in alpha\",\"project\":\"alpha\"}");
        client.postJson(
                "/tools/remember/execute",
                "{\"content\":\"a decision in beta\",\"memory_type\":\"decision\",\"project\":\"beta\"}");
        jdbc.update("UPDATE memories SET embedding = NULL WHERE project = 'beta'");

        memoryGauges.refresh();
        PrometheusScrape scrape = scrape();

        assertThat(scrape.value(
                        "athena_memories", Map.of("project", "alpha", "memory_type", "fact", "state", "active")))
                .hasValue(2);
        assertThat(scrape.value(
                        "athena_memories", Map.of("project", "beta", "memory_type", "decision", "state", "active")))
                .hasValue(1);
        assertThat(scrape.value("athena_memories_pending_embedding", Map.of("application", "athena")))
                .hasValue(1);
    }

    @Test
    void theInProcessBm25IndexReportsWhetherItAnswersAndWhatItHolds() throws InterruptedException {
        // The index loads in the background once the application is up.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!inProcessIndex.ready() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        client.postJson("/tools/remember/execute", "{\"content\":\"a fact for the index\",\"project\":\"alpha\"}");
        // A recall reads the change log first, so the index holds the memory just remembered.
        client.postJson("/tools/recall/execute", "{\"query\":\"fact\",\"project\":\"alpha\"}");

        PrometheusScrape scrape = scrape();

        assertThat(scrape.value("athena_recall_text_index_ready", Map.of("application", "athena")))
                .hasValue(1);
        assertThat(scrape.value("athena_recall_text_index_memories", Map.of("application", "athena")))
                .hasValue(1);
        // The vector graphs are off by default (athena.recall.text-index.vectors): they hold nothing.
        assertThat(scrape.value("athena_recall_vector_index_bytes", Map.of("application", "athena")))
                .hasValue(0);
        assertThat(scrape.value("athena_recall_vector_index_over_limit", Map.of("application", "athena")))
                .hasValue(0);
    }

    @Test
    void exposesJvmHttpAndConnectionPoolMetricsFromBoot() {
        client.get("/health");

        PrometheusScrape scrape = scrape();

        assertThat(scrape.has("http_server_requests_seconds_count", Map.of("uri", "/health", "application", "athena")))
                .isTrue();
        assertThat(scrape.hasMetric("jvm_memory_used_bytes")).isTrue();
        assertThat(scrape.hasMetric("hikaricp_connections_active")).isTrue();
    }

    private PrometheusScrape scrape() {
        var response = client.get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        return new PrometheusScrape(response.raw());
    }

    private static double count(PrometheusScrape scrape, String tool, String outcome) {
        return scrape.value(
                        "athena_tool_calls_seconds_count",
                        Map.of("tool", tool, "outcome", outcome, "application", "athena"))
                .orElse(0);
    }
}
