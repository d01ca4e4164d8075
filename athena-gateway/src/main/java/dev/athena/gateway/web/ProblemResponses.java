package dev.athena.gateway.web;

import dev.athena.gateway.GatewayProperties;
import dev.athena.gateway.tools.ToolOutcome;
import dev.athena.memory.LogValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves the gateway as RFC 7807 problem+json. Validation problems list each offending field with its
 * reason under {@code errors}; an unavailable database (503) and a capacity limit (429 for the caller's share, 503 for
 * the server's) carry {@code Retry-After}; unexpected failures are logged with their stack trace and answered without
 * one.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final GatewayProperties properties;

    ProblemResponses(GatewayProperties properties) {
        this.properties = properties;
    }

    /** Tool failures (400, 403, 404, 503) and anything unexpected (500). */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> failure(RuntimeException e) {
        ToolOutcome outcome = ToolOutcome.of(e);
        ProblemDetail problem = Problems.of(e, properties.retryAfter());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus());
        Problems.retryAfterHeader(problem).ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds));
        if (outcome == ToolOutcome.UNAVAILABLE) {
            log.warn("database unavailable: {}", LogValues.safe(e.getMessage()));
            response.header(
                    HttpHeaders.RETRY_AFTER,
                    Long.toString(properties.retryAfter().toSeconds()));
        } else if (outcome == ToolOutcome.ERROR) {
            log.error("unexpected failure", e);
        }
        return response.body(problem);
    }

    /** Framework-detected problems (415, 405, ...) keep their status but never expose exception text. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (statusCode.is5xxServerError()) {
            log.error("request failed", ex);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }
}
