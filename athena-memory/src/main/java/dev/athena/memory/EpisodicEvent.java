package dev.athena.memory;

import java.time.Instant;
import java.util.UUID;

/** A stored episodic event. */
public record EpisodicEvent(
        UUID id,
        String project,
        String sessionId,
        Instant occurredAt,
        EventType eventType,
        String content,
        EventOutcome outcome,
        Long durationMs,
        EventContext context,
        boolean consolidated) {}
