package dev.athena.memory;

import java.time.Instant;
import java.util.UUID;

/**
 * Which events of a project to erase: one by id, or those matching every criterion given.
 *
 * @param occurredAfter inclusive
 * @param occurredBefore exclusive
 */
public record EventErasure(
        UUID eventId, String sessionId, EventType eventType, Instant occurredAfter, Instant occurredBefore) {

    /** Longest reason an erasure may give, in characters; the reason is kept in the events' history. */
    public static final int MAX_REASON_LENGTH = 1024;

    boolean isEmpty() {
        return eventId == null
                && sessionId == null
                && eventType == null
                && occurredAfter == null
                && occurredBefore == null;
    }
}
