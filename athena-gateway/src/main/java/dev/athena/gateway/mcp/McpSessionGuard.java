package dev.athena.gateway.mcp;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.athena.gateway.tools.Caller;
import dev.athena.gateway.tools.CapacityExceededException;
import dev.athena.gateway.tools.InvalidParametersException;
import dev.athena.gateway.web.BufferedBodyRequest;
import dev.athena.gateway.web.ProblemWriter;
import dev.athena.gateway.web.Problems;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stands in front of the SDK's MCP servlet. It checks the headers (browser origin, content type, {@code Accept},
 * session id) and every posted message ({@link McpMessage}) before the SDK sees them, so that a bad request gets a
 * problem rather than the SDK's error answer; it admits new sessions within the caps of {@link McpSessions} (closing
 * the ones that make room); and it lets a request use a session only when the session is open and was opened with the
 * caller's API key. Refusals are problem+json and never repeat what the client sent; the log names sessions by their
 * server-made id and keys by fingerprint only.
 */
final class McpSessionGuard extends OncePerRequestFilter {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String TEXT_EVENT_STREAM = MediaType.TEXT_EVENT_STREAM_VALUE;
    private static final Logger log = LoggerFactory.getLogger(McpSessionGuard.class);

    /** The notifications the SDK's server handles; it logs any other one whole, so they are acknowledged here. */
    private static final Set<String> HANDLED_NOTIFICATIONS =
            Set.of("notifications/initialized", "notifications/roots/list_changed");

    private final McpSessions sessions;
    private final McpSessionCloser closer;
    private final McpProperties limits;
    private final String idleTimeout;

    private final ServerHttpHeaderValidator origins;

    McpSessionGuard(
            McpSessions sessions, McpSessionCloser closer, McpProperties limits, ServerHttpHeaderValidator origins) {
        this.sessions = sessions;
        this.origins = origins;
        this.closer = closer;
        this.limits = limits;
        this.idleTimeout = DurationStyle.SIMPLE.print(limits.idleTimeout());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller)) {
            // The API key filter did not run for this request (a path it did not recognise): fail closed.
            ProblemWriter.write(
                    response,
                    Problems.unauthorized(
                            "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"));
            return;
        }
        try {
            origins.validate(new RequestHeaders(request));
        } catch (ServerTransportSecurityException e) {
            ProblemWriter.write(
                    response,
                    Problems.forbidden("this browser origin may not call /mcp (athena.gateway.mcp-allowed-origins)"));
            return;
        }
        String owner = caller.keyFingerprint();
        try {
            switch (request.getMethod()) {
                case "POST" -> post(request, response, chain, owner);
                case "GET" -> {
                    requireAccept(request, TEXT_EVENT_STREAM);
                    inSession(request, response, owner, () -> chain.doFilter(request, response));
                }
                case "DELETE" -> inSession(request, response, owner, () -> chain.doFilter(request, response));
                default -> chain.doFilter(request, response);
            }
        } catch (InvalidParametersException e) {
            ProblemWriter.write(response, Problems.of(e, McpSessions.BUSY_RETRY_AFTER));
        }
    }

    private void post(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String owner)
            throws ServletException, IOException {
        if (!isJson(request.getContentType())) {
            ProblemWriter.write(
                    response,
                    Problems.unsupportedMediaType("an MCP message is sent as 'Content-Type: application/json'"));
            return;
        }
        // The body limit filter has bounded and buffered the body already; reading it again costs a copy.
        byte[] body = request.getInputStream().readAllBytes();
        HttpServletRequest buffered = new BufferedBodyRequest(request, body);
        McpMessage message = McpMessage.parse(body, limits);
        requireAccept(request, MediaType.APPLICATION_JSON_VALUE, TEXT_EVENT_STREAM);
        if (message.isInitialize()) {
            initialize(buffered, response, chain, owner);
        } else if (message.isNotification() && !HANDLED_NOTIFICATIONS.contains(message.method())) {
            inSession(buffered, response, owner, () -> response.setStatus(HttpStatus.ACCEPTED.value()));
        } else {
            inSession(buffered, response, owner, () -> chain.doFilter(buffered, response));
        }
    }

    /** Streamable HTTP asks the client to accept both answers a POST may get; the SDK would refuse with internals. */
    private static void requireAccept(HttpServletRequest request, String... types) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        for (String type : types) {
            if (accept == null || !accept.contains(type)) {
                throw new InvalidParametersException("Accept", "must name " + String.join(" and ", types));
            }
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private void initialize(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String owner)
            throws ServletException, IOException {
        McpSessions.Admission admission;
        try {
            admission = sessions.admit(owner);
        } catch (CapacityExceededException e) {
            log.warn("refused a new MCP session for key {}: {}", owner, e.getMessage());
            ProblemWriter.write(response, Problems.capacityExceeded(e));
            return;
        }
        for (String sessionId : admission.expired()) {
            closer.close(sessionId, request, response);
            log.info("closed MCP session {}: idle for {}", sessionId, idleTimeout);
        }
        for (String sessionId : admission.evicted()) {
            closer.close(sessionId, request, response);
            log.info(
                    "closed MCP session {}, the least recently used, to make room for a new one of key {}",
                    sessionId,
                    owner);
        }
        // The session is registered as soon as the SDK names it, before the answer can reach the client: a client
        // sends its next message (notifications/initialized) the moment it reads the answer, and registering after
        // the SDK returned let that message find no session (404) on a busy machine.
        SessionNaming naming = new SessionNaming(response, sessionId -> sessions.opened(admission, sessionId));
        boolean kept = false;
        try {
            chain.doFilter(request, naming);
            if (naming.sessionId == null && response.getHeader(SESSION_HEADER) != null) {
                naming.name(response.getHeader(SESSION_HEADER));
            }
            kept = naming.sessionId != null && response.getStatus() == HttpStatus.OK.value();
        } finally {
            if (naming.sessionId == null) {
                sessions.abandoned(admission);
            } else if (!kept) {
                sessions.closed(naming.sessionId);
            }
        }
    }

    /** The initialize answer, which hands the session id the SDK sets on it to {@code onNamed} once. */
    private static final class SessionNaming extends HttpServletResponseWrapper {

        private final Consumer<String> onNamed;
        private String sessionId;

        SessionNaming(HttpServletResponse response, Consumer<String> onNamed) {
            super(response);
            this.onNamed = onNamed;
        }

        @Override
        public void setHeader(String name, String value) {
            watch(name, value);
            super.setHeader(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            watch(name, value);
            super.addHeader(name, value);
        }

        private void watch(String name, String value) {
            if (SESSION_HEADER.equalsIgnoreCase(name) && value != null && sessionId == null) {
                name(value);
            }
        }

        void name(String value) {
            sessionId = value;
            onNamed.accept(value);
        }
    }

    /** Runs {@code work} inside the request's session, if the caller may use it. */
    private void inSession(HttpServletRequest request, HttpServletResponse response, String owner, Work work)
            throws ServletException, IOException {
        String sessionId = request.getHeader(SESSION_HEADER);
        if (sessionId == null || sessionId.isBlank()) {
            throw new InvalidParametersException(
                    SESSION_HEADER, "is required: send the id the answer to initialize carried");
        }
        if (!sessions.startRequest(sessionId, owner)) {
            ProblemWriter.write(response, sessionNotFound());
            return;
        }
        try {
            work.run();
        } finally {
            sessions.endRequest(sessionId);
        }
        if (request.getMethod().equals("DELETE") || response.getStatus() == HttpStatus.NOT_FOUND.value()) {
            sessions.closed(sessionId);
        }
    }

    private ProblemDetail sessionNotFound() {
        return Problems.notFound("no open MCP session with this id for this API key; sessions close after "
                + idleTimeout + " idle (athena.mcp.idle-timeout) or to make room for newer ones: send initialize to "
                + "open a new one");
    }

    private record RequestHeaders(HttpServletRequest request) implements HeaderAccessor {

        @Override
        public List<String> getHeader(String name) {
            return Collections.list(request.getHeaders(name));
        }

        @Override
        public List<String> getHeaderNames() {
            return Collections.list(request.getHeaderNames());
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws ServletException, IOException;
    }
}
