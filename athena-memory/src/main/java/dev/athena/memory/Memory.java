package dev.athena.memory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything Athena knows about one memory, as get_memory and list_memories show it. It holds in {@code [validFrom,
 * validTo)}; {@code validTo} is null while it is open-ended.
 */
public record Memory(
        UUID id,
        String project,
        MemoryType memoryType,
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
        MemoryState state,
        UUID supersededBy,
        String embeddingModel,
        boolean embedded,
        Instant validFrom,
        Instant validTo) {}
