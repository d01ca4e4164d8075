package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Instants Java reads but PostgreSQL cannot store or compare (years up to 999,999,999) are a 400 naming the field on
 * every tool that takes one, over REST and MCP, instead of a 500 from the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutOfRangeInstantsIntegrationTests extends DatabaseIntegrationTest {

    private static final String FAR_PAST = "-999999999-01-01T00:00:00Z";
    private static final String FAR_FUTURE = "+999999999-12-31T23:59:59Z";
    /** A cursor as list_memories issues them (epoch seconds:nanos:id), for a year PostgreSQL does not know. */
    private static final String CRAFTED_CURSOR = Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(("31556889832780799:0:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    int port;

    McpSyncClient mcp;

    @BeforeAll
    void connect() {
        mcp = McpTestClient.connect(port, Map.of());
    }

    @AfterAll
    void close() {
        mcp.close();
    }

    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of(
                        "remember", "{\"content\":\"a fact\",\"occurred_at\":\"" + FAR_PAST + "\"}", "occurred_at"),
                Arguments.of(
                        "remember_batch",
                        "{\"items\":[{\"content\":\"a fact\",\"occurred_at\":\"" + FAR_FUTURE + "\"}]}",
                        "items[0].occurred_at"),
                Arguments.of("recall", "{\"query\":\"x\",\"occurred_after\":\"" + FAR_PAST + "\"}", "occurred_after"),
                Arguments.of(
                        "recall", "{\"query\":\"x\",\"occurred_before\":\"" + FAR_FUTURE + "\"}", "occurred_before"),
                Arguments.of(
                        "record_event",
                        "{\"event_type\":\"test_run\",\"content\":\"x\",\"occurred_at\":\"" + FAR_PAST + "\"}",
                        "occurred_at"),
                Arguments.of(
                        "batch_record_events",
                        "{\"events\":[{\"event_type\":\"test_run\",\"content\":\"x\",\"occurred_at\":\"" + FAR_FUTURE
                                + "\"}]}",
                        "events[0].occurred_at"),
                Arguments.of("recall_events", "{\"from\":\"" + FAR_PAST + "\"}", "from"),
                Arguments.of("recall_events", "{\"to\":\"" + FAR_FUTURE + "\"}", "to"),
                Arguments.of(
                        "forget", "{\"created_before\":\"" + FAR_FUTURE + "\",\"confirm\":true}", "created_before"),
                Arguments.of("forget", "{\"created_after\":\"" + FAR_PAST + "\",\"confirm\":true}", "created_after"),
                Arguments.of("list_memories", "{\"cursor\":\"" + CRAFTED_CURSOR + "\"}", "cursor"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("calls")
    void overRestTheInstantIsRefusedWithItsField(String tool, String parameters, String field) {
        var response = new GatewayClient(port).postJson("/tools/" + tool + "/execute", parameters);

        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(fields(response.body())).contains(field);
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("calls")
    void overMcpTheInstantIsRefusedWithItsField(String tool, String parameters, String field) {
        var result = McpTestClient.call(mcp, tool, parameters);

        assertThat(result.isError()).isTrue();
        JsonNode problem = McpTestClient.text(result);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(fields(problem)).contains(field);
    }

    private static Stream<String> fields(JsonNode problem) {
        return problem.get("errors")
                .valueStream()
                .map(error -> error.get("field").asString());
    }
}
