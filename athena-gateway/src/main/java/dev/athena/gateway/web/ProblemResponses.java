package dev.athena.gateway.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.athena.gateway.tools.InvalidParametersException;
import dev.athena.gateway.tools.UnknownToolException;
import dev.athena.memory.MemoryConflictException;
import dev.athena.memory.MemoryNotFoundException;
import dev.athena.memory.MemoryValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves the gateway as RFC 7807 problem+json. Validation problems list each offending field with
 * its reason under {@code errors}; unexpected failures are logged with their stack trace and answered without one.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    static final URI VALIDATION = URI.create("https://athena.dev/problems/validation");
    static final URI NOT_FOUND = URI.create("https://athena.dev/problems/not-found");
    static final URI CONFLICT = URI.create("https://athena.dev/problems/conflict");
    static final URI INTERNAL = URI.create("https://athena.dev/problems/internal");

    @ExceptionHandler(InvalidParametersException.class)
    ProblemDetail invalidParameters(InvalidParametersException e) {
        return validationProblem(e.violations().stream().map(v -> error(v.field(), v.reason())).toList());
    }

    @ExceptionHandler(MemoryValidationException.class)
    ProblemDetail invalidMemoryRequest(MemoryValidationException e) {
        return validationProblem(List.of(error(e.field(), e.reason())));
    }

    @ExceptionHandler(UnknownToolException.class)
    ProblemDetail unknownTool(UnknownToolException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(NOT_FOUND);
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(MemoryNotFoundException.class)
    ProblemDetail memoryNotFound(MemoryNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(NOT_FOUND);
        problem.setTitle("Not found");
        problem.setProperty("errors", List.of(error("memory_id", "no such memory in this project")));
        return problem;
    }

    @ExceptionHandler(MemoryConflictException.class)
    ProblemDetail memoryConflict(MemoryConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(CONFLICT);
        problem.setTitle("Conflict");
        return problem;
    }

    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e) {
        log.error("unexpected failure", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Athena could not complete the request; the error has been logged.");
        problem.setType(INTERNAL);
        problem.setTitle("Internal error");
        return problem;
    }

    /** Framework-detected problems (415, 405, ...) keep their status but never expose exception text. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (statusCode.is5xxServerError()) {
            log.error("request failed", ex);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    private static ProblemDetail validationProblem(List<Map<String, String>> errors) {
        String detail = errors.stream().map(e -> e.get("field") + " " + e.get("reason")).reduce((a, b) -> a + "; " + b).orElse("");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(VALIDATION);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }

    private static Map<String, String> error(String field, String reason) {
        return Map.of("field", field, "reason", reason);
    }
}
