package dev.athena.gateway.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.athena.gateway.tools.InvalidParametersException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, with a 400 problem and before any other filter looks at it, a request whose path is not in the form the
 * servlet container routes: dot segments, {@code ;} parameters, encoded {@code /}, {@code \}, {@code .}, {@code ;} or
 * {@code %}, backslashes and empty segments. Filters see the raw path and the container routes the normalised one, so
 * {@code /health/../mcp} looked public to the key filter and reached the MCP servlet; no client of Athena's API needs
 * any of these forms. The answer does not repeat the path.
 */
@Component
class NormalizedPathFilter extends OncePerRequestFilter implements Ordered {

    /** First of all filters: the API key filter must only ever see a path that means what it says. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    private static final List<String> REFUSED = List.of(";", "\\", "//", "%2e", "%2f", "%5c", "%3b", "%25");

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isNormal(request.getRequestURI())) {
            ProblemWriter.write(
                    response,
                    Problems.of(
                            new InvalidParametersException(
                                    "path",
                                    "is not in normal form: dot "
                                            + "segments, ';' parameters, backslashes, empty segments and an "
                                            + "encoded '/', '\\', '.', ';' or '%' are "
                                            + "refused; send the path as the API documents it"),
                            Duration.ZERO));
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isNormal(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (REFUSED.stream().anyMatch(lower::contains)) {
            return false;
        }
        for (String segment : lower.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
