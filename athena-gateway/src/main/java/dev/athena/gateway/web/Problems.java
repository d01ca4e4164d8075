package dev.athena.gateway.web;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.athena.gateway.tools.CapacityExceededException;
import dev.athena.gateway.tools.InvalidParametersException;
import dev.athena.gateway.tools.ToolOutcome;
import dev.athena.memory.ImportLineException;
import dev.athena.memory.MemoryNotFoundException;
import dev.athena.memory.MemoryValidationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The RFC 7807 problems Athena answers with, built in one place so that REST, MCP error results and the servlet filters
 * say the same thing. No problem ever carries exception text from an unexpected failure.
 */
public final class Problems {

    static final String BASE = "https://athena.dev/problems/";
    static final URI VALIDATION = URI.create(BASE + "validation");
    static final URI NOT_FOUND = URI.create(BASE + "not-found");
    static final URI UNAUTHORIZED = URI.create(BASE + "unauthorized");
    static final URI FORBIDDEN = URI.create(BASE + "forbidden");
    static final URI PAYLOAD_TOO_LARGE = URI.create(BASE + "payload-too-large");
    static final URI CONFLICT = URI.create(BASE + "conflict");
    static final URI REQUEST_TIMEOUT = URI.create(BASE + "request-timeout");
    static final URI UNAVAILABLE = URI.create(BASE + "unavailable");
    static final URI BUSY = URI.create(BASE + "busy");
    static final URI UNSUPPORTED_MEDIA_TYPE = URI.create(BASE + "unsupported-media-type");
    static final URI TOO_MANY_REQUESTS = URI.create(BASE + "too-many-requests");
    static final URI OVERLOADED = URI.create(BASE + "overloaded");
    /** The problem property that carries the {@code Retry-After} seconds; writers copy it into the header. */
    static final String RETRY_AFTER_SECONDS = "retry_after_seconds";

    static final URI INTERNAL = URI.create(BASE + "internal");

    private Problems() {}

    /** The problem a failed tool call answers with; {@code retryAfter} goes into 503s. */
    public static ProblemDetail of(RuntimeException failure, Duration retryAfter) {
        return switch (ToolOutcome.of(failure)) {
            case INVALID -> validation(failure);
            case FORBIDDEN -> problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden", failure.getMessage());
            case NOT_FOUND -> notFound(failure);
            case CONFLICT -> problem(HttpStatus.CONFLICT, CONFLICT, "Conflict", failure.getMessage());
            case UNAVAILABLE -> unavailable(retryAfter);
            case THROTTLED, OVERLOADED -> capacityExceeded((CapacityExceededException) failure);
            case SUCCESS, ERROR -> internal();
        };
    }

    public static ProblemDetail unauthorized(String detail) {
        return problem(HttpStatus.UNAUTHORIZED, UNAUTHORIZED, "Unauthorized", detail);
    }

    public static ProblemDetail forbidden(String detail) {
        return problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden", detail);
    }

    public static ProblemDetail notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", detail);
    }

    public static ProblemDetail unsupportedMediaType(String detail) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", detail);
    }

    static ProblemDetail payloadTooLarge(long limitBytes) {
        return problem(
                HttpStatus.CONTENT_TOO_LARGE,
                PAYLOAD_TOO_LARGE,
                "Payload too large",
                "the request body is larger than the limit of " + limitBytes + " bytes (athena.gateway.max-body-size)");
    }

    static ProblemDetail requestTimeout(Duration readTimeout) {
        return problem(
                HttpStatus.REQUEST_TIMEOUT,
                REQUEST_TIMEOUT,
                "Request timeout",
                "the request body did not arrive within " + readTimeout.toMillis()
                        + " ms (athena.gateway.body-read-timeout)");
    }

    static ProblemDetail unavailable(Duration retryAfter) {
        ProblemDetail problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                UNAVAILABLE,
                "Service unavailable",
                "the database is unavailable; retry in " + retryAfter.toSeconds() + " seconds");
        problem.setProperty(RETRY_AFTER_SECONDS, retryAfter.toSeconds());
        return problem;
    }

    static ProblemDetail busy(int limit, long retryAfterSeconds) {
        ProblemDetail problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                BUSY,
                "Busy",
                "Athena is serving its maximum of " + limit
                        + " concurrent requests (athena.gateway.max-concurrent-requests); retry in " + retryAfterSeconds
                        + " second");
        problem.setProperty("retry_after_seconds", retryAfterSeconds);
        return problem;
    }

    /** 429 when the caller used up its own share, 503 when the server's is used up; both say when to retry. */
    public static ProblemDetail capacityExceeded(CapacityExceededException failure) {
        boolean caller = failure.scope() == CapacityExceededException.Scope.CALLER;
        ProblemDetail problem = caller
                ? problem(HttpStatus.TOO_MANY_REQUESTS, TOO_MANY_REQUESTS, "Too many requests", failure.getMessage())
                : problem(HttpStatus.SERVICE_UNAVAILABLE, OVERLOADED, "Overloaded", failure.getMessage());
        problem.setProperty(
                RETRY_AFTER_SECONDS, Math.max(1, failure.retryAfter().toSeconds()));
        return problem;
    }

    /** The {@code Retry-After} header value a problem asks for, if any. */
    public static Optional<String> retryAfterHeader(ProblemDetail problem) {
        Object seconds =
                problem.getProperties() == null ? null : problem.getProperties().get(RETRY_AFTER_SECONDS);
        return Optional.ofNullable(seconds).map(String::valueOf);
    }

    static ProblemDetail internal() {
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                INTERNAL,
                "Internal error",
                "Athena could not complete the request; the error has been logged.");
    }

    /** A problem as a plain map in RFC 7807 member order, for writers outside Spring MVC (filters, MCP results). */
    public static Map<String, Object> asMap(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    private static ProblemDetail notFound(RuntimeException failure) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", failure.getMessage());
        if (failure instanceof MemoryNotFoundException) {
            problem.setProperty("errors", List.of(error("memory_id", "no such memory in this project")));
        }
        return problem;
    }

    private static ProblemDetail validation(RuntimeException failure) {
        if (failure instanceof ImportLineException line) {
            return importLine(line);
        }
        List<Map<String, String>> errors = failure instanceof InvalidParametersException invalid
                ? invalid.violations().stream()
                        .map(v -> error(v.field(), v.reason()))
                        .toList()
                : List.of(error(
                        ((MemoryValidationException) failure).field(), ((MemoryValidationException) failure).reason()));
        String detail = errors.stream()
                .map(e -> e.get("field") + " " + e.get("reason"))
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, VALIDATION, "Invalid request", detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** A refused line of a project import: where, what, why, and how far the import got before it. */
    private static ProblemDetail importLine(ImportLineException failure) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("line", failure.line());
        error.put("field", failure.field());
        error.put("reason", failure.reason());
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                VALIDATION,
                "Invalid import",
                "line " + failure.line() + ": " + failure.field() + " " + failure.reason());
        problem.setProperty("errors", List.of(error));
        problem.setProperty("line", failure.line());
        problem.setProperty("imported_through_line", failure.importedThroughLine());
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    private static Map<String, String> error(String field, String reason) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("reason", reason);
        return error;
    }
}
