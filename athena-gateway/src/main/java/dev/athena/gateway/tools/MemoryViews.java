package dev.athena.gateway.tools;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.athena.memory.EpisodicEvent;
import dev.athena.memory.EventContext;
import dev.athena.memory.HistoryEntry;
import dev.athena.memory.Memory;

/** How memories and events look on the wire: lower-case type names, snake_case fields. */
final class MemoryViews {

    private MemoryViews() {}

    record MemoryView(
            UUID id,
            String project,
            String memoryType,
            String content,
            List<String> tags,
            Map<String, Object> metadata,
            double importance,
            double confidence,
            long accessCount,
            Instant lastAccessedAt,
            Instant occurredAt,
            Instant createdAt,
            Instant updatedAt,
            String state,
            UUID supersededBy,
            String embeddingStatus,
            String embeddingModel,
            Instant validFrom,
            Instant validTo) {

        static MemoryView of(Memory m) {
            return new MemoryView(
                    m.id(),
                    m.project(),
                    m.memoryType().wireName(),
                    m.content(),
                    m.tags(),
                    m.metadata(),
                    m.importance(),
                    m.confidence(),
                    m.accessCount(),
                    m.lastAccessedAt(),
                    m.occurredAt(),
                    m.createdAt(),
                    m.updatedAt(),
                    m.state().wireName(),
                    m.supersededBy(),
                    m.embedded() ? "embedded" : "pending",
                    m.embeddingModel(),
                    m.validFrom(),
                    m.validTo());
        }
    }

    record HistoryView(
            long sequence,
            String action,
            Map<String, Object> before,
            Map<String, Object> after,
            String reason,
            Instant at) {

        static HistoryView of(HistoryEntry e) {
            return new HistoryView(e.sequence(), e.action(), e.before(), e.after(), e.reason(), e.at());
        }
    }

    record EventView(
            UUID id,
            String sessionId,
            Instant occurredAt,
            String eventType,
            String content,
            String outcome,
            Long durationMs,
            EventContext context,
            boolean consolidated) {

        static EventView of(EpisodicEvent e) {
            return new EventView(
                    e.id(),
                    e.sessionId(),
                    e.occurredAt(),
                    e.eventType().wireName(),
                    e.content(),
                    e.outcome() == null ? null : e.outcome().wireName(),
                    e.durationMs(),
                    e.context(),
                    e.consolidated());
        }
    }
}
