package dev.athena.gateway.tools;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is calling a tool, as the API key filter established it: the projects the caller may touch, and a fingerprint of
 * its key for the logs (never the key).
 *
 * @param keyFingerprint the first hex digits of the key's SHA-256, or {@code none} when API keys are off
 * @param allProjects the key is bound to {@code *}
 * @param projects the projects the key is bound to, when not all
 */
public record Caller(String keyFingerprint, boolean allProjects, Set<String> projects) {

    /** The request attribute under which the API key filter leaves the caller of every request it lets through. */
    public static final String REQUEST_ATTRIBUTE = Caller.class.getName();

    /** Every caller when API keys are off (local use): no key, every project. */
    public static final Caller ANONYMOUS = new Caller("none", true, Set.of());

    public Caller {
        projects = Set.copyOf(projects);
    }

    public boolean mayAccess(String project) {
        return allProjects || projects.contains(project);
    }

    /** The caller the API key filter left on this request; failing closed when there is none. */
    public static Caller of(HttpServletRequest request) {
        if (request.getAttribute(REQUEST_ATTRIBUTE) instanceof Caller caller) {
            return caller;
        }
        throw new IllegalStateException(
                "no caller on the request: the API key filter did not run for " + request.getRequestURI());
    }
}
