package dev.athena.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.athena.gateway.tools.Caller;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/**
 * The guard registers a new session as soon as the SDK names it on the initialize answer, so that the client's next
 * message, sent the moment it reads that answer, finds the session even while the initialize request is still finishing
 * on the server.
 */
class McpSessionGuardTests {

    private static final String INITIALIZE =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final String OWNER = Caller.ANONYMOUS.keyFingerprint();

    private final McpProperties limits =
            new McpProperties(Duration.ofMinutes(30), 2, 3, DataSize.ofKilobytes(16), DataSize.ofKilobytes(1), 256);
    private final McpSessions sessions = new McpSessions(limits, Clock.systemUTC());
    private final HttpServletStreamableServerTransportProvider transport =
            HttpServletStreamableServerTransportProvider.builder()
                    .mcpEndpoint("/mcp")
                    .build();
    private final McpSyncServer server = McpServer.sync(transport)
            .serverInfo("athena", "test")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            .build();
    private final McpSessionGuard guard = new McpSessionGuard(
            sessions,
            new McpSessionCloser(transport),
            limits,
            DefaultServerTransportSecurityValidator.builder().build());

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void theClientsNextMessageFindsTheSessionBeforeTheInitializeRequestHasFinished() throws Exception {
        AtomicBoolean foundWhileAnswering = new AtomicBoolean();
        FilterChain sdk = (request, response) -> {
            ((HttpServletResponse) response).setHeader(McpSessionGuard.SESSION_HEADER, "s1");
            response.getWriter().write("{}");
            response.flushBuffer();
            // The client has the answer now and sends notifications/initialized in this session.
            foundWhileAnswering.set(sessions.startRequest("s1", OWNER));
            sessions.endRequest("s1");
        };

        guard.doFilter(initialize(), new MockHttpServletResponse(), sdk);

        assertThat(foundWhileAnswering).isTrue();
        assertThat(sessions.startRequest("s1", OWNER)).isTrue();
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void aSessionNamedOnAFailedAnswerIsNotKeptAndLeavesItsPlaceFree() throws Exception {
        FilterChain failing = (request, response) -> {
            HttpServletResponse http = (HttpServletResponse) response;
            http.setHeader(McpSessionGuard.SESSION_HEADER, "s1");
            http.setStatus(500);
        };

        guard.doFilter(initialize(), new MockHttpServletResponse(), failing);

        assertThat(sessions.startRequest("s1", OWNER)).isFalse();
        assertThat(sessions.size()).isZero();
        // The key's cap is 2: both places are free again.
        sessions.opened(sessions.admit(OWNER), "a");
        sessions.opened(sessions.admit(OWNER), "b");
        assertThat(sessions.size()).isEqualTo(2);
    }

    @Test
    void anAnswerWithoutASessionLeavesItsPlaceFree() throws Exception {
        guard.doFilter(initialize(), new MockHttpServletResponse(), (request, response) -> {});

        assertThat(sessions.size()).isZero();
        sessions.opened(sessions.admit(OWNER), "a");
        sessions.opened(sessions.admit(OWNER), "b");
        assertThat(sessions.size()).isEqualTo(2);
    }

    private static MockHttpServletRequest initialize() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
        request.setContentType("application/json");
        request.addHeader("Accept", "application/json, text/event-stream");
        request.setContent(INITIALIZE.getBytes(StandardCharsets.UTF_8));
        request.setAttribute(Caller.REQUEST_ATTRIBUTE, Caller.ANONYMOUS);
        return request;
    }
}
