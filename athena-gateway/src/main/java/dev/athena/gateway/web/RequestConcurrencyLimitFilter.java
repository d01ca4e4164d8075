package dev.athena.gateway.web;

import java.io.IOException;
import java.util.concurrent.Semaphore;

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
 * At most {@code athena.gateway.max-concurrent-requests} requests occupy a server thread at once; more are answered 503
 * with {@code Retry-After} at once instead of taking the last threads. Kept below Tomcat's thread count, this leaves
 * threads for health checks, which are never limited: an orchestrator asking a saturated gateway gets an answer instead
 * of a timeout. A request counts while its thread works on it, its body read included.
 */
@Component
class RequestConcurrencyLimitFilter extends OncePerRequestFilter implements Ordered {

    /** After the API key filter (refusing a caller without a key costs no permit), before the body is read. */
    static final int ORDER = RequestBodyLimitFilter.ORDER - 5;

    static final long RETRY_AFTER_SECONDS = 1;

    private final Semaphore permits;
    private final int limit;

    RequestConcurrencyLimitFilter(GatewayProperties properties) {
        this.limit = properties.maxConcurrentRequests();
        if (limit < 1) {
            throw new IllegalArgumentException(
                    "athena.gateway.max-concurrent-requests must be at least 1, was " + limit);
        }
        this.permits = new Semaphore(limit);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isHealthCheck(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (!permits.tryAcquire()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
            ProblemWriter.write(response, Problems.busy(limit, RETRY_AFTER_SECONDS));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }

    private static boolean isHealthCheck(HttpServletRequest request) {
        String path = request.getServletPath();
        return path.equals("/health") || path.startsWith("/actuator/health");
    }
}
