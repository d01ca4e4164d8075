package dev.athena.gateway.health;

import dev.athena.gateway.tools.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health}: one entry per dependency, probed now (see {@link HealthProbes}). 200 "ok" or "degraded" while
 * the database answers (memories can be written and found), 503 "down" when it does not. Without a key (when keys are
 * on) only the status.
 */
@RestController
class HealthController {

    private final HealthProbes probes;

    HealthController(HealthProbes probes) {
        this.probes = probes;
    }

    @GetMapping("/health")
    ResponseEntity<HealthReport> health(HttpServletRequest request) {
        HealthReport report = probes.report();
        boolean known = request.getAttribute(Caller.REQUEST_ATTRIBUTE) != null;
        HttpStatus status = "down".equals(report.status()) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK;
        return ResponseEntity.status(status).body(known ? report : report.statusOnly());
    }
}
