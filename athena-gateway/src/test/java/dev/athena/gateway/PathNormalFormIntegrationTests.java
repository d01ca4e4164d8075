package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A path that only the servlet container's normalisation turns into a protected one ({@code /health/../mcp}) is refused
 * before the API key filter: a 400 problem, no stack trace in the answer or the log, nothing executed. Sent over a raw
 * socket, because HTTP clients normalise such paths themselves.
 */
@ExtendWith(OutputCaptureExtension.class)
class PathNormalFormIntegrationTests extends SecuredGatewayIntegrationTest {

    private static final String INITIALIZE =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/health/../mcp",
                "/swagger-ui/../mcp",
                "/health/..;/mcp",
                "/health/%2e%2e/mcp",
                "/health/%2E%2E/mcp",
                "/v3/api-docs/../../mcp",
                "/health/./../mcp"
            })
    void aPathThatOnlyNormalisationMakesTheMcpEndpointIsA400Problem(String path, CapturedOutput output)
            throws IOException {
        String response = raw("POST", path, INITIALIZE);

        assertThat(statusOf(response)).isEqualTo(400);
        assertThat(response)
                .containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"field\":\"path\"")
                .doesNotContain("Exception")
                .doesNotContain("Mcp-Session-Id");
        assertThat(output.getAll()).doesNotContain("IllegalStateException").doesNotContain("no caller on the request");
    }

    @Test
    void aToolCannotBeReachedPastTheKeyFilterEither() throws IOException {
        String response = raw(
                "POST",
                "/health/../tools/remember/execute",
                "{\"content\":\"written without a key\",\"project\":\"alpha\"}");

        assertThat(statusOf(response)).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM memories", Long.class))
                .isZero();
    }

    @Test
    void theDocumentedPathsStillWork() throws IOException {
        assertThat(statusOf(raw("GET", "/health", null))).isEqualTo(200);
        assertThat(statusOf(raw("POST", "/mcp", INITIALIZE))).isEqualTo(401);
    }

    private String raw(String method, String path, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                            + "Accept: application/json, text/event-stream\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + content.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int statusOf(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }
}
