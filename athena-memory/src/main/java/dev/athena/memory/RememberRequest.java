package dev.athena.memory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an agent asks Athena to keep.
 *
 * @param content the memory text; required, at most {@code athena.memory.max-content-bytes} UTF-8 bytes
 * @param memoryType what kind of memory it is; {@code null} means fact
 * @param tags free labels for filtering; may be empty
 * @param importance 0..1, how much the memory should weigh in recall; {@code null} means 0.5
 * @param metadata a JSON object of the caller's own fields; may be empty
 * @param project the isolation boundary; {@code null} means the default project
 * @param supersedes the id of an older memory of the same project that this one replaces; {@code null} for none
 * @param occurredAt when the remembered thing happened (for imported conversations); {@code null} means now
 * @param validFrom since when the memory holds; {@code null} means {@code occurredAt}. Superseding ends the older
 *     memory at this instant
 * @param validTo until when the memory holds (exclusive), for facts known to hold only for a period; {@code null} for
 *     open-ended
 */
public record RememberRequest(
        String content,
        MemoryType memoryType,
        List<String> tags,
        Double importance,
        Map<String, Object> metadata,
        String project,
        UUID supersedes,
        Instant occurredAt,
        Instant validFrom,
        Instant validTo) {

    /** Most tags one memory may carry. */
    public static final int MAX_TAGS = 32;
    /** Longest tag, in characters. */
    public static final int MAX_TAG_LENGTH = 64;
    /** The importance of a memory that states none. */
    public static final double DEFAULT_IMPORTANCE = 0.5;

    public RememberRequest {
        tags = tags == null ? List.of() : tags;
        metadata = metadata == null ? Map.of() : metadata;
        memoryType = memoryType == null ? MemoryType.FACT : memoryType;
    }

    /** A memory valid from when it occurred, open-ended. */
    public RememberRequest(
            String content,
            MemoryType memoryType,
            List<String> tags,
            Double importance,
            Map<String, Object> metadata,
            String project,
            UUID supersedes,
            Instant occurredAt) {
        this(content, memoryType, tags, importance, metadata, project, supersedes, occurredAt, null, null);
    }

    public static RememberRequest of(String content, MemoryType memoryType) {
        return new RememberRequest(content, memoryType, List.of(), null, Map.of(), null, null, null);
    }

    public static RememberRequest inProject(String project, String content) {
        return new RememberRequest(content, MemoryType.FACT, List.of(), null, Map.of(), project, null, null);
    }

    public RememberRequest superseding(UUID olderMemory) {
        return new RememberRequest(
                content, memoryType, tags, importance, metadata, project, olderMemory, occurredAt, validFrom, validTo);
    }

    /** This memory, holding in {@code [from, to)}; either may be {@code null} (from when it occurred; open-ended). */
    public RememberRequest validDuring(Instant from, Instant to) {
        return new RememberRequest(
                content, memoryType, tags, importance, metadata, project, supersedes, occurredAt, from, to);
    }
}
