package dev.athena.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.athena.gateway.tools.InvalidParametersException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.util.unit.DataSize;

class McpMessageTests {

    private static final McpProperties LIMITS =
            new McpProperties(Duration.ofMinutes(30), 2, 3, DataSize.ofKilobytes(16), DataSize.ofKilobytes(1), 256);

    @Test
    void readsAnInitializeAToolCallAndANotification() {
        assertThat(parse(initialize("{\"name\":\"claude-code\",\"version\":\"2.0\"}"))
                        .isInitialize())
                .isTrue();
        McpMessage call =
                parse("{\"jsonrpc\":\"2.0\",\"id\":\"a-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"recall\","
                        + "\"arguments\":{\"query\":\"" + "x".repeat(5_000) + "\"}}}");
        assertThat(call.isRequest()).isTrue();
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                        .isNotification())
                .isTrue();
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}").method())
                .isNull();
    }

    @Test
    void aHugeClientInfoIsRefusedNamingTheField() {
        assertRefused(initialize("{\"name\":\"" + "n".repeat(1_000_000) + "\"}"), "params.clientInfo.name");
        StringBuilder manyFields = new StringBuilder("{\"name\":\"x\"");
        for (int i = 0; i < 100; i++) {
            manyFields.append(",\"f").append(i).append("\":\"abcdefghij\"");
        }
        assertRefused(initialize(manyFields + "}"), "params.clientInfo");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {                                                                                    | body
            [{"jsonrpc":"2.0","id":1,"method":"ping"}]                                           | body
            {"jsonrpc":"1.0","id":1,"method":"ping"}                                             | jsonrpc
            {"jsonrpc":"2.0","id":{"a":1},"method":"ping"}                                       | id
            {"jsonrpc":"2.0","id":1,"method":"tools/call\\nforged"}                              | method
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"recall","arguments":[1]}} | params.arguments
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{}}}             | params.name
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":1,"clientInfo":{"name":"x"}}} | \
            params.protocolVersion
            {"jsonrpc":"2.0","id":1,"method":"ping","method":"tools/list"}                       | body
            """)
    void aMalformedMessageIsRefusedNamingTheField(String message, String field) {
        assertRefused(message, field);
    }

    @Test
    void aLongMessageOtherThanAToolCallIsRefused() {
        String padding = ",\"p\":[" + "\"abcdefgh\",".repeat(2_000) + "\"x\"]";
        assertRefused("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":1" + padding + "}}", "body");
    }

    private static String initialize(String clientInfo) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":" + clientInfo + "}}";
    }

    private static McpMessage parse(String message) {
        return McpMessage.parse(message.getBytes(StandardCharsets.UTF_8), LIMITS);
    }

    private static void assertRefused(String message, String field) {
        assertThatThrownBy(() -> parse(message))
                .isInstanceOfSatisfying(
                        InvalidParametersException.class,
                        e -> assertThat(e.violations().get(0).field()).isEqualTo(field));
    }
}
