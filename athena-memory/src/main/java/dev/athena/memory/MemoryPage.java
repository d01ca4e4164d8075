package dev.athena.memory;

import java.util.List;

/**
 * One page of memories, newest first.
 *
 * @param nextCursor pass it back to get the next page; {@code null} on the last page
 */
public record MemoryPage(List<Memory> items, String nextCursor) {}
