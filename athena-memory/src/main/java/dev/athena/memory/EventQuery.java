package dev.athena.memory;

import java.time.Instant;

/**
 * Which events recall_events returns, newest first.
 *
 * @param limit 1..{@value #MAX_LIMIT}; {@code null} means {@value #DEFAULT_LIMIT}
 */
public record EventQuery(
        String project, String sessionId, EventType eventType, Instant from, Instant to, Integer limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;
}
