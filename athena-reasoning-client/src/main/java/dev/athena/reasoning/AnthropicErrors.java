package dev.athena.reasoning;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Classifies Anthropic API errors once, from the status, the envelope
 * {@code {"type":"error","error":{"type","message"}}} and the {@code retry-after} header. 429 (rate limit), 5xx and 529
 * (overloaded) are transient.
 */
final class AnthropicErrors {

    private static final Pattern TOO_LONG = Pattern.compile("(\\d+) tokens > (\\d+) maximum");

    private AnthropicErrors() {}

    static ReasoningException fromResponse(int status, String body, @Nullable String retryAfterHeader, Instant now) {
        JsonNode error = ReasoningJson.readTreeOrMissing(body).path("error");
        return classify(
                status,
                error.path("type").asString(""),
                error.path("message").asString(ReasoningJson.snippet(body)),
                retryAfter(retryAfterHeader, now));
    }

    /** An {@code event: error} inside a stream. */
    static ReasoningException fromStreamError(JsonNode error) {
        String type = error.path("type").asString("");
        int status = switch (type) {
            case "overloaded_error" -> 529;
            case "rate_limit_error" -> 429;
            case "invalid_request_error" -> 400;
            default -> 500;
        };
        return classify(status, type, error.path("message").asString("unknown error"), null);
    }

    private static ReasoningException classify(int status, String type, String message, @Nullable Duration retryAfter) {
        String where = "the Anthropic API answered " + status + (type.isEmpty() ? "" : " " + type) + ": " + message;
        if (status == 429) {
            return new ReasoningUnavailableException(
                    ReasoningUnavailableException.Reason.RATE_LIMITED, where, retryAfter, null);
        }
        if (status == 529 || status >= 500) {
            return new ReasoningUnavailableException(
                    ReasoningUnavailableException.Reason.OVERLOADED, where, retryAfter, null);
        }
        if (status == 400 && message.toLowerCase(Locale.ROOT).contains("prompt is too long")) {
            Matcher counts = TOO_LONG.matcher(message);
            return counts.find()
                    ? new ContextLengthExceededException(
                            where, Integer.parseInt(counts.group(1)), Integer.parseInt(counts.group(2)))
                    : new ContextLengthExceededException(where, 0, 0);
        }
        if (status == 401) {
            return new ReasoningRequestException(where + " (check ANTHROPIC_API_KEY)", status);
        }
        return new ReasoningRequestException(where, status);
    }

    /** {@code retry-after} in seconds, or as an HTTP date. */
    static @Nullable Duration retryAfter(@Nullable String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            double seconds = Double.parseDouble(value);
            return seconds < 0 ? null : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
