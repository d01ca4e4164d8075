package dev.athena.memory;

import java.util.List;

/**
 * What an agent asks Athena to keep.
 *
 * @param content    the memory text; required, at most {@code athena.memory.max-content-bytes} UTF-8 bytes
 * @param memoryType what kind of memory it is
 * @param tags       free labels for filtering; may be empty
 * @param importance 0..1, how much the memory should weigh in recall; {@code null} means 0.5
 * @param project    the isolation boundary; {@code null} means the default project
 */
public record RememberRequest(String content, MemoryType memoryType, List<String> tags, Double importance, String project) {

    public RememberRequest {
        tags = tags == null ? List.of() : List.copyOf(tags);
        memoryType = memoryType == null ? MemoryType.FACT : memoryType;
    }

    public static RememberRequest of(String content, MemoryType memoryType) {
        return new RememberRequest(content, memoryType, List.of(), null, null);
    }
}
