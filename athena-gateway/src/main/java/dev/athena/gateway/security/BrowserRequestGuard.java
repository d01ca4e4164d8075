package dev.athena.gateway.security;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.athena.gateway.GatewayProperties;
import dev.athena.gateway.web.ProblemWriter;
import dev.athena.gateway.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In open mode (no API keys) a web page could drive Athena through the user's browser: by DNS rebinding its own host
 * name onto 127.0.0.1, or by plain cross-site requests. A request a browser made (it carries {@code Origin} or
 * {@code Sec-Fetch-Site}, which browsers send and page scripts cannot forge) must name an allowed host in {@code Host}
 * and, when it has one, an allowed {@code Origin}; otherwise it is a 403. Requests from other clients (curl, Claude
 * Code, agents) carry neither header and pass. With API keys on, the key is the guard.
 */
@Component
class BrowserRequestGuard extends OncePerRequestFilter implements Ordered {

    /** Before the API key filter: nothing in open mode should run for a foreign page. */
    static final int ORDER = ApiKeyFilter.ORDER - 5;

    private static final String SEC_FETCH_SITE = "Sec-Fetch-Site";

    private final boolean active;
    private final Set<String> allowedHosts;
    private final List<String> allowedOrigins;

    BrowserRequestGuard(ApiKeys keys, GatewayProperties properties) {
        this.active = !keys.enabled();
        this.allowedHosts = properties.allowedHosts().stream()
                .map(host -> host.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.allowedOrigins = properties.mcpAllowedOrigins().stream()
                .map(origin -> origin.toLowerCase(Locale.ROOT))
                .toList();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        String fetchSite = request.getHeader(SEC_FETCH_SITE);
        boolean fromBrowser = origin != null || fetchSite != null;
        if (!active || !fromBrowser) {
            chain.doFilter(request, response);
            return;
        }
        if (!allowedHosts.contains(request.getServerName().toLowerCase(Locale.ROOT))) {
            refuse(
                    response,
                    "the Host of this browser request is not one Athena serves without API keys "
                            + "(athena.gateway.allowed-hosts)");
            return;
        }
        if (origin != null ? !originAllowed(origin) : "cross-site".equalsIgnoreCase(fetchSite)) {
            refuse(
                    response,
                    "browser requests from this origin are not allowed without API keys "
                            + "(athena.gateway.mcp-allowed-origins)");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean originAllowed(String origin) {
        String candidate = origin.toLowerCase(Locale.ROOT);
        return allowedOrigins.stream()
                .anyMatch(allowed -> allowed.equals(candidate) || matchesAnyPort(allowed, candidate));
    }

    /** {@code http://localhost:*} matches {@code http://localhost} and {@code http://localhost:5173}. */
    private static boolean matchesAnyPort(String allowed, String origin) {
        if (!allowed.endsWith(":*")) {
            return false;
        }
        String base = allowed.substring(0, allowed.length() - 2);
        if (origin.equals(base)) {
            return true;
        }
        return origin.startsWith(base + ":")
                && origin.substring(base.length() + 1).matches("[0-9]{1,5}");
    }

    private static void refuse(HttpServletResponse response, String detail) throws IOException {
        ProblemWriter.write(response, Problems.forbidden(detail));
    }
}
