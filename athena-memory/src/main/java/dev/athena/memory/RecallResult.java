package dev.athena.memory;

import java.util.List;

/**
 * The memories found for a query, best first.
 *
 * @param degraded true when the embedder could not answer and the results come from full-text search alone
 */
public record RecallResult(List<RecalledMemory> memories, boolean degraded) {}
