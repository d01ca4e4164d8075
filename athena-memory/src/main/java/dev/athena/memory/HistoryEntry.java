package dev.athena.memory;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One change to a memory. {@code before} and {@code after} are snapshots of the memory's fields (without its vector);
 * both are {@code null} for every entry of a purged memory.
 */
public record HistoryEntry(
        long sequence,
        UUID memoryId,
        String action,
        Map<String, Object> before,
        Map<String, Object> after,
        String reason,
        Instant at) {}
