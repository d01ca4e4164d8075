package dev.athena.memory;

import java.time.Instant;
import java.util.UUID;

/**
 * Which events of a project to erase: one by id, or those matching every criterion given.
 *
 * @param occurredAfter  inclusive
 * @param occurredBefore exclusive
 */
public record EventErasure(UUID eventId, String sessionId, EventType eventType, Instant occurredAfter, Instant occurredBefore) {

    boolean isEmpty() {
        return eventId == null && sessionId == null && eventType == null && occurredAfter == null && occurredBefore == null;
    }
}
