package dev.athena.gateway.tools;

/** The caller's API key is not bound to the project a tool call acts on; nothing was read or written. */
public class ProjectAccessDeniedException extends RuntimeException {

    public ProjectAccessDeniedException(String message) {
        super(message);
    }
}
