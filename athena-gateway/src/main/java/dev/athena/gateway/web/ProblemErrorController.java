package dev.athena.gateway.web;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's whitelabel {@code /error} so that errors raised outside Spring MVC (a servlet's
 * {@code sendError}, such as the MCP transport's, or an exception escaping a filter) are problem+json too. Only the
 * status and the servlet's own short message are used, never an exception's text.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "${server.error.path:/error}", produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatus status = status(request);
        String detail = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) == null
                ? (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE) : null;
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(Problems.BASE + (status.is5xxServerError() ? "internal" : "http-" + status.value())));
        problem.setTitle(status.getReasonPhrase());
        problem.setDetail(detail == null || detail.isBlank() ? null : detail);
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            problem.setInstance(URI.create(uri));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }
}
