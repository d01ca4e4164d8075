package dev.athena.memory;

import java.time.Instant;
import java.util.UUID;

/** One entry of an event's history: that it was erased, when and why (never what it said). */
public record EventHistoryEntry(long id, UUID eventId, String action, String reason, Instant at) {}
