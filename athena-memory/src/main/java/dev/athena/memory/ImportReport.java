package dev.athena.memory;

/**
 * What an import did. Skipped rows were already in the project (an earlier import of the same file), or a memory was
 * purged there since; duplicates are memories whose content an active memory of the project already holds, which they
 * were mapped to. {@code pendingEmbedding} memories came without a usable vector (another model or dimension, or an
 * export without vectors) and are embedded by the background job.
 */
public record ImportReport(
        String project,
        long lines,
        long eventsImported,
        long eventsSkipped,
        long memoriesImported,
        long memoriesSkipped,
        long memoriesDuplicate,
        long pendingEmbedding,
        long linksImported) {}
