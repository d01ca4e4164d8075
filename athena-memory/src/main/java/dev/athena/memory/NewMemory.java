package dev.athena.memory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A validated memory ready to insert; {@code embedding} is null when the embedder did not answer. */
record NewMemory(
        UUID id,
        String project,
        MemoryType memoryType,
        String content,
        String contentHash,
        float[] embedding,
        String embeddingModel,
        List<String> tags,
        double importance,
        Instant createdAt) {
}
