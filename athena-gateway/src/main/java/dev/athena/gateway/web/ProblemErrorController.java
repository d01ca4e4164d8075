package dev.athena.gateway.web;

import java.io.IOException;
import java.net.URI;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Boot's whitelabel {@code /error} so that errors raised outside Spring MVC (a servlet's {@code sendError},
 * such as the MCP transport's, or an exception escaping a filter) are problem+json too. Only the status and the
 * servlet's own short message are used, never an exception's text.
 */
@Hidden
@Controller
class ProblemErrorController implements ErrorController {

    /** Written directly, whatever the request's Accept header says: an error must not become a 406. */
    @RequestMapping(path = "${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpStatus status = status(request);
        String detail = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) == null
                ? (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE)
                : null;
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(
                URI.create(Problems.BASE + (status.is5xxServerError() ? "internal" : "http-" + status.value())));
        problem.setTitle(status.getReasonPhrase());
        problem.setDetail(detail == null || detail.isBlank() ? null : detail);
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            problem.setInstance(URI.create(uri));
        }
        ProblemWriter.write(response, problem);
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }
}
