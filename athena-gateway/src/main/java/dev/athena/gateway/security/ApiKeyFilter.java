package dev.athena.gateway.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import dev.athena.gateway.tools.Caller;
import dev.athena.gateway.web.ProblemWriter;
import dev.athena.gateway.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * API keys in front of REST and MCP alike. Off when no key is configured: every request is then an anonymous caller
 * with every project. On, every request outside the public paths needs {@code Authorization: Bearer <key>} or
 * {@code X-API-Key: <key>} (401 otherwise); the metrics endpoints, which name every project, need a key bound to
 * {@code *} (403 otherwise). The console's page and assets are public; its {@code /console/api} is not. On the public
 * paths a valid key is optional; it marks the caller as known. Which project a tool call may touch is checked by the
 * tool invoker, from the caller this filter leaves on the request. Paths are matched as the servlet container routes
 * them.
 */
@Component
class ApiKeyFilter extends OncePerRequestFilter implements Ordered {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "Bearer ";

    /** Health for orchestrators and the API documentation stay reachable without a key. */
    private static final List<String> PUBLIC_PREFIXES =
            List.of("/health", "/actuator/health", "/actuator/info", "/v3/api-docs", "/swagger-ui", "/error");
    /** The console's page and its script: they hold no data, and the page is where a key is entered. */
    private static final List<String> PUBLIC_PATHS = List.of("/console", "/console/");

    private static final List<String> PUBLIC_CONSOLE_PREFIXES = List.of("/console/assets/");
    private static final List<String> ALL_PROJECTS_PREFIXES = List.of("/actuator/prometheus", "/actuator/metrics");

    private final ApiKeys keys;

    ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
        if (keys.enabled()) {
            log.info("API keys on: {} key(s) configured", keys.size());
        } else {
            log.info("API keys off: every caller may use every project (set ATHENA_API_KEYS to turn them on)");
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!keys.enabled()) {
            request.setAttribute(Caller.REQUEST_ATTRIBUTE, Caller.ANONYMOUS);
            chain.doFilter(request, response);
            return;
        }
        String path = routedPath(request);
        Optional<String> presented = presentedKey(request);
        Optional<Caller> caller = presented.flatMap(keys::caller);
        if (isPublic(path)) {
            // Public, but a valid key still identifies the caller: /health shows its details to callers with a key.
            caller.ifPresent(known -> request.setAttribute(Caller.REQUEST_ATTRIBUTE, known));
            chain.doFilter(request, response);
            return;
        }
        if (caller.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"athena\"");
            ProblemWriter.write(
                    response,
                    Problems.unauthorized(
                            presented.isEmpty()
                                    ? "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"
                                    : "the API key is not valid"));
            return;
        }
        if (startsWithAny(path, ALL_PROJECTS_PREFIXES) && !caller.get().allProjects()) {
            ProblemWriter.write(
                    response, Problems.forbidden("metrics cover every project; they need an API key bound to '*'"));
            return;
        }
        request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    /**
     * The path the servlet container routes on: decoded, with {@code ;parameters} removed and dot segments resolved.
     * The raw request URI is what the client wrote: {@code /actuator;x=1/prometheus} or {@code /actuator/%70rometheus}
     * reach the metrics endpoint without starting with {@code /actuator/prometheus}.
     */
    static String routedPath(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
    }

    private static Optional<String> presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String key = authorization.substring(BEARER.length()).strip();
            return key.isEmpty() ? Optional.empty() : Optional.of(key);
        }
        String header = request.getHeader(API_KEY_HEADER);
        return header == null || header.isBlank() ? Optional.empty() : Optional.of(header.strip());
    }

    private static boolean isPublic(String path) {
        return startsWithAny(path, PUBLIC_PREFIXES)
                || PUBLIC_PATHS.contains(path)
                || startsWithAny(path, PUBLIC_CONSOLE_PREFIXES);
    }

    private static boolean startsWithAny(String path, List<String> prefixes) {
        return prefixes.stream().anyMatch(path::startsWith);
    }
}
