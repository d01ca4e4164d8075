package dev.athena.memory;

import java.time.Instant;
import java.util.List;

/**
 * Which memories to list, newest first.
 *
 * @param memoryType only this type; {@code null} for all
 * @param tags only memories carrying at least one of these tags; empty for all
 * @param state only memories in this state; {@code null} means active
 * @param limit page size, 1..{@value #MAX_LIMIT}; {@code null} means {@value #DEFAULT_LIMIT}
 * @param cursor the {@code nextCursor} of the previous page; {@code null} for the first page
 * @param asOf only memories valid at this instant, in any state unless {@code state} says one (superseded and forgotten
 *     since included); {@code null} for now
 */
public record ListMemoriesRequest(
        String project,
        MemoryType memoryType,
        List<String> tags,
        MemoryState state,
        Integer limit,
        String cursor,
        Instant asOf) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public ListMemoriesRequest {
        tags = tags == null ? List.of() : tags;
    }

    public ListMemoriesRequest(
            String project, MemoryType memoryType, List<String> tags, MemoryState state, Integer limit, String cursor) {
        this(project, memoryType, tags, state, limit, cursor, null);
    }

    public static ListMemoriesRequest firstPage(String project, int limit) {
        return new ListMemoriesRequest(project, null, List.of(), null, limit, null);
    }

    public ListMemoriesRequest next(String nextCursor) {
        return new ListMemoriesRequest(project, memoryType, tags, state, limit, nextCursor, asOf);
    }
}
