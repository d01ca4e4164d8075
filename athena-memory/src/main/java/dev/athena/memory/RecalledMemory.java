package dev.athena.memory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One recall result.
 *
 * @param score relevance in 0..1, higher is better; results are ordered by it
 */
public record RecalledMemory(
        UUID id,
        String content,
        MemoryType memoryType,
        List<String> tags,
        double importance,
        Instant createdAt,
        double score) {
}
