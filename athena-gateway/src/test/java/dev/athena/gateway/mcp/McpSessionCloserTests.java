package dev.athena.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Closing a session through the SDK's servlet makes the SDK itself forget it, and answers nothing on the real response.
 */
class McpSessionCloserTests {

    private final HttpServletStreamableServerTransportProvider transport =
            HttpServletStreamableServerTransportProvider.builder()
                    .mcpEndpoint("/mcp")
                    .build();
    private final McpSyncServer server = McpServer.sync(transport)
            .serverInfo("athena", "test")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            .build();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void theTransportForgetsAClosedSession() throws Exception {
        String session = post(null, Messages.INITIALIZE).getHeader(McpSessionGuard.SESSION_HEADER);
        assertThat(post(session, Messages.PING).getStatus()).isEqualTo(200);

        MockHttpServletResponse realResponse = new MockHttpServletResponse();
        new McpSessionCloser(transport).close(session, request(null, Messages.INITIALIZE), realResponse);

        assertThat(post(session, Messages.PING).getStatus()).isEqualTo(404);
        assertThat(realResponse.getStatus()).isEqualTo(200);
        assertThat(realResponse.getContentAsByteArray()).isEmpty();
        assertThat(realResponse.getHeaderNames()).isEmpty();
    }

    private MockHttpServletResponse post(String session, String body) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        transport.service(request(session, body), response);
        return response;
    }

    private static MockHttpServletRequest request(String session, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
        request.setContentType("application/json");
        request.addHeader("Accept", "application/json, text/event-stream");
        if (session != null) {
            request.addHeader(McpSessionGuard.SESSION_HEADER, session);
        }
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        request.setAsyncSupported(true);
        return request;
    }

    private static final class Messages {
        static final String INITIALIZE =
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
    }
}
