package dev.athena.gateway.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

import dev.athena.gateway.GatewayProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code athena.gateway.max-body-size} with a 413 problem before any of it reaches a tool,
 * MCP included: a declared {@code Content-Length} over the limit is refused unread, and a body without one (chunked) is
 * read up to one byte past the limit and refused there. A body that takes longer than
 * {@code athena.gateway.body-read-timeout} to arrive is refused with 408. Accepted bodies are handed on from memory.
 * Project imports stream and are not limited here.
 */
@Component
class RequestBodyLimitFilter extends OncePerRequestFilter implements Ordered {

    /** After the API key filter: an unauthenticated caller should not make the server read a large body. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private final long limit;
    private final Duration readTimeout;

    RequestBodyLimitFilter(GatewayProperties properties) {
        this.limit = properties.maxBodySize().toBytes();
        this.readTimeout = properties.bodyReadTimeout();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!carriesBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > limit) {
            ProblemWriter.write(response, Problems.payloadTooLarge(limit));
            return;
        }
        Optional<byte[]> body = readWithinDeadline(request.getInputStream());
        if (body.isEmpty()) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
            ProblemWriter.write(response, Problems.requestTimeout(readTimeout));
            return;
        }
        if (body.get().length > limit) {
            ProblemWriter.write(response, Problems.payloadTooLarge(limit));
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body.get()), response);
    }

    /**
     * Reads the body up to one byte past the limit, or nothing when it takes longer than the read timeout: a client
     * trickling a byte every few seconds never trips Tomcat's per-read timeout, so the whole body gets a deadline. One
     * read can block at most {@code server.tomcat.connection-timeout} past it.
     */
    private Optional<byte[]> readWithinDeadline(InputStream in) throws IOException {
        long deadline = System.nanoTime() + readTimeout.toNanos();
        int max = (int) Math.min(Integer.MAX_VALUE - 8, limit + 1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (body.size() < max) {
            int read = in.read(buffer, 0, Math.min(buffer.length, max - body.size()));
            if (read < 0) {
                break;
            }
            body.write(buffer, 0, read);
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
        }
        return Optional.of(body.toByteArray());
    }

    /**
     * A project import ({@code POST /projects/{project}/import}) is streamed into the database batch by batch, never
     * held in memory, so no body limit applies to it.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath();
        return "POST".equals(request.getMethod())
                && path.startsWith("/projects/")
                && path.endsWith("/import")
                && path.indexOf('/', "/projects/".length()) == path.length() - "/import".length();
    }

    private static boolean carriesBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }
}
