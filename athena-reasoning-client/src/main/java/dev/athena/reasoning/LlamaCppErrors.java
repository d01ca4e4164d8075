package dev.athena.reasoning;

import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * Classifies llama-server errors once, from the status and the error envelope
 * {@code {"error":{"code","message","type"}}}, into the exceptions of the port.
 */
final class LlamaCppErrors {

    private LlamaCppErrors() {}

    static ReasoningException fromResponse(int status, String body, String server) {
        JsonNode error = ReasoningJson.readTreeOrMissing(body).path("error");
        String message = error.path("message").asString(ReasoningJson.snippet(body));
        return classify(status, error.path("type").asString(""), message, error, server);
    }

    /** An error event inside a stream: {@code data: {"error":{...}}}. */
    static ReasoningException fromStreamError(JsonNode error, String server) {
        String message =
                error.isString() ? error.asString() : error.path("message").asString("unknown error");
        int code = error.path("code").asInt(500);
        return classify(code, error.path("type").asString(""), message, error, server);
    }

    private static ReasoningException classify(int status, String type, String message, JsonNode error, String server) {
        String lower = message.toLowerCase(Locale.ROOT);
        String where = "llama.cpp at " + server + " answered " + status + ": " + message;
        if ("exceed_context_size_error".equals(type)
                || (status == 400 && lower.contains("context") && lower.contains("exceed"))) {
            return new ContextLengthExceededException(
                    where,
                    error.path("n_prompt_tokens").asInt(0),
                    error.path("n_ctx").asInt(0));
        }
        if (status == 503 || "unavailable_error".equals(type)) {
            boolean loading = lower.contains("loading");
            return new ReasoningUnavailableException(
                    loading
                            ? ReasoningUnavailableException.Reason.LOADING
                            : ReasoningUnavailableException.Reason.OVERLOADED,
                    where,
                    null,
                    null);
        }
        if (status == 401 || status == 403) {
            return new ReasoningRequestException(
                    where + " (check athena.reasoning.llamacpp.api-key against llama-server --api-key)", status);
        }
        if (status == 404 || status == 501) {
            return new ReasoningRequestException(where + " (is this a llama-server started with --jinja?)", status);
        }
        if (status == 429) {
            return new ReasoningUnavailableException(
                    ReasoningUnavailableException.Reason.RATE_LIMITED, where, null, null);
        }
        if (status >= 500) {
            // A body the server could not parse is our bug, and a too-large input fails the same way every time.
            boolean permanent = lower.contains("parse_error") || lower.contains("too large to process");
            return permanent
                    ? new ReasoningRequestException(where, status)
                    : new ReasoningUnavailableException(
                            ReasoningUnavailableException.Reason.OVERLOADED, where, null, null);
        }
        return new ReasoningRequestException(where, status);
    }
}
