package dev.athena.gateway.health;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The state of one dependency as {@code /health} reports it.
 *
 * @param status up, loading, down or disabled; a read replica can also be degraded (lagging beyond its bound)
 * @param latencyMs how long the probe took
 * @param detail why it is not up, or what it is (model name) when it is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DependencyHealth(String status, long latencyMs, String detail) {

    boolean isUp() {
        return "up".equals(status);
    }

    boolean isUsable() {
        return isUp() || "disabled".equals(status);
    }
}
