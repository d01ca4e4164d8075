package dev.athena.gateway.health;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingStatus;
import dev.athena.reasoning.ReasoningClient;
import dev.athena.reasoning.ReasoningStatus;
import dev.athena.gateway.tools.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health}: one entry per dependency, each probed now. 200 "ok" or "degraded" while the database answers
 * (memories can be written and found), 503 "down" when it does not. Without a key (when keys are on) only the status.
 */
@RestController
class HealthController {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final JdbcTemplate jdbc;
    private final EmbeddingClient embeddings;
    private final ReasoningClient reasoning;
    private final String version;

    HealthController(JdbcTemplate jdbc, EmbeddingClient embeddings, ReasoningClient reasoning) {
        this.jdbc = jdbc;
        this.embeddings = embeddings;
        this.reasoning = reasoning;
        String implementationVersion = HealthController.class.getPackage().getImplementationVersion();
        this.version = implementationVersion == null ? "dev" : implementationVersion;
    }

    @GetMapping("/health")
    ResponseEntity<HealthReport> health(HttpServletRequest request) {
        ResponseEntity<HealthReport> full = fullReport();
        boolean known = request.getAttribute(Caller.REQUEST_ATTRIBUTE) != null;
        return known ? full : ResponseEntity.status(full.getStatusCode()).body(full.getBody().statusOnly());
    }

    private ResponseEntity<HealthReport> fullReport() {
        Map<String, DependencyHealth> dependencies = new LinkedHashMap<>();
        dependencies.put("database", probe(this::database));
        dependencies.put("embedding", probe(this::embedding));
        dependencies.put("reasoning", probe(this::reasoning));

        boolean databaseUp = dependencies.get("database").isUp();
        boolean allUsable = dependencies.values().stream().allMatch(DependencyHealth::isUsable);
        String status = !databaseUp ? "down" : allUsable ? "ok" : "degraded";
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        HealthReport report = new HealthReport(status, version, uptime, dependencies);
        return ResponseEntity.status(databaseUp ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(report);
    }

    private record Probe(String status, String detail) {
    }

    private static DependencyHealth probe(Supplier<Probe> check) {
        long start = System.nanoTime();
        Probe probe;
        try {
            probe = check.get();
        } catch (RuntimeException e) {
            probe = new Probe("down", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return new DependencyHealth(probe.status(), (System.nanoTime() - start) / 1_000_000, probe.detail());
    }

    private Probe database() {
        jdbc.queryForObject("SELECT 1", Integer.class);
        return new Probe("up", null);
    }

    private Probe embedding() {
        EmbeddingStatus status = embeddings.status().block(PROBE_TIMEOUT);
        String model = embeddings.model().name() + " (" + embeddings.model().dimension() + "-d)";
        return new Probe(status.state().name().toLowerCase(Locale.ROOT), status.detail().isEmpty() ? model : model + ": " + status.detail());
    }

    private Probe reasoning() {
        ReasoningStatus status = reasoning.status().block(PROBE_TIMEOUT);
        return new Probe(status.state().name().toLowerCase(Locale.ROOT), status.detail().isEmpty() ? null : status.detail());
    }
}
