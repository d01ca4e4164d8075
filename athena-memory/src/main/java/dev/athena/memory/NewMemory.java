package dev.athena.memory;

import java.time.Instant;
import java.util.UUID;

/** A validated memory ready to insert; {@code embedding} is null when the embedder did not answer. */
record NewMemory(UUID id, MemoryDraft draft, float[] embedding, String embeddingModel, Instant createdAt) {}
