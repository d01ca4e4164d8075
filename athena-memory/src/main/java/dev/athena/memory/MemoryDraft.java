package dev.athena.memory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A remember request that passed validation: normalised, hashed, ready to embed and insert. {@code validFrom} is
 * resolved (never null); {@code validTo} is null for an open-ended memory.
 */
record MemoryDraft(
        String project,
        MemoryType memoryType,
        String content,
        String contentHash,
        List<String> tags,
        double importance,
        String metadataJson,
        Instant occurredAt,
        UUID supersedes,
        Instant validFrom,
        Instant validTo) {}
