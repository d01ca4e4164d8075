package dev.athena.gateway.health;

import java.util.Map;

/**
 * The body of {@code GET /health}.
 *
 * @param status ok (everything up), degraded (database up, a model server down or loading) or down (database down)
 */
record HealthReport(String status, String version, long uptimeSeconds, Map<String, DependencyHealth> dependencies) {
}
