package dev.athena.memory;

/** What an export wrote. */
public record ExportSummary(String project, long events, long memories, long links) {}
