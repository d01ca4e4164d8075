package dev.athena.memory;

import java.time.Instant;
import java.util.List;

/**
 * Which active memories of one project forget-by-filter removes. At least one criterion is required, so that a filter
 * can never mean "everything" by accident.
 *
 * @param memoryType only this type
 * @param tags memories carrying at least one of these tags
 * @param createdBefore memories created strictly before this instant
 * @param createdAfter memories created at or after this instant
 */
public record ForgetFilter(MemoryType memoryType, List<String> tags, Instant createdBefore, Instant createdAfter) {

    public ForgetFilter {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    boolean isEmpty() {
        return memoryType == null && tags.isEmpty() && createdBefore == null && createdAfter == null;
    }
}
