package dev.athena.reasoning;

/**
 * The server refused the request and will refuse it again: bad request, wrong API key, missing permission, unknown
 * model, an image for a model without vision. Retrying cannot help; the request or the configuration must change.
 */
public class ReasoningRequestException extends ReasoningException {

    private final int status;

    public ReasoningRequestException(String message, int status) {
        super(message, false);
        this.status = status;
    }

    /** The HTTP status the server answered, or 0 when Athena refused the request before sending it. */
    public int status() {
        return status;
    }
}
