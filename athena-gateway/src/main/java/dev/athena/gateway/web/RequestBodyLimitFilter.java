package dev.athena.gateway.web;

import java.io.IOException;

import dev.athena.gateway.GatewayProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code athena.gateway.max-body-size} with a 413 problem before any of it reaches a
 * tool, MCP included: a declared {@code Content-Length} over the limit is refused unread, and a body without one
 * (chunked) is read up to one byte past the limit and refused there. Accepted bodies are handed on from memory.
 */
@Component
class RequestBodyLimitFilter extends OncePerRequestFilter implements Ordered {

    /** After the API key filter: an unauthenticated caller should not make the server read a large body. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private final long limit;

    RequestBodyLimitFilter(GatewayProperties properties) {
        this.limit = properties.maxBodySize().toBytes();
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
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (body.length > limit) {
            ProblemWriter.write(response, Problems.payloadTooLarge(limit));
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private static boolean carriesBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }
}
