package dev.athena.gateway.health;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of {@code GET /health}. A caller without an API key (when keys are on) gets the status alone: model names,
 * versions and the text of dependency failures (which can carry internal URLs) are for known callers.
 *
 * @param status ok (everything up), degraded (database up, a model server down or loading, or a read replica down or
 *     lagging) or down (database down)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record HealthReport(String status, String version, Long uptimeSeconds, Map<String, DependencyHealth> dependencies) {

    HealthReport statusOnly() {
        return new HealthReport(status, null, null, null);
    }
}
