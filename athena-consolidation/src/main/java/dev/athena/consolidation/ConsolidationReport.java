package dev.athena.consolidation;

/**
 * What one consolidation run did (or, for a dry run, would do).
 *
 * @param skipped true when another instance holds the project's consolidation lock
 * @param modelUnavailable true when clusters wanted the reasoning model but it could not answer; their events wait as
 *     awaiting_validation and are revisited when it is back
 */
public record ConsolidationReport(
        String project,
        String strategy,
        boolean dryRun,
        boolean skipped,
        int eventsRead,
        int clustersFound,
        int clustersSentToModel,
        int patternsCreated,
        int patternsReinforced,
        int patternsRejected,
        int contradictionsLinked,
        int eventsConsolidated,
        int eventsAwaitingValidation,
        long modelCalls,
        boolean modelUnavailable,
        long durationMs) {}
