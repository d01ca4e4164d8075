package dev.athena.consolidation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

/**
 * Consolidation settings, under {@code athena.consolidation}.
 *
 * @param enabled whether the schedule runs (the run_consolidation tool works either way)
 * @param interval time between scheduled runs (when no cron expression is set)
 * @param cron a Spring cron expression for the scheduled runs (e.g. {@code 0 0 3 * * *}); overrides the interval
 * @param daysBack how far back a scheduled run looks for events
 * @param timeGap a pause longer than this starts a new cluster within a session
 * @param minClusterSize smaller clusters are skipped
 * @param uncertaintyThreshold clusters whose heuristic uncertainty exceeds this go to the reasoning model (balanced
 *     strategy)
 * @param groundingThreshold share of a pattern's key terms that must occur in the events it cites
 * @param mergeSimilarity a new pattern at least this similar to an existing one reinforces it instead of being added
 * @param contradictionSimilarity similar patterns (below the merge similarity) with opposite polarity are linked as
 *     contradictions
 * @param maxPatternsPerCluster the most patterns kept from one cluster
 * @param minConfidence patterns below this confidence are dropped
 * @param maxEventsPerRun the most events one run reads for a project
 * @param maxEventChars event text is cut to this many characters in prompts
 * @param promptContextShare share of the model's context a prompt may fill; larger clusters are split
 * @param modelTimeout how long one model call may take (CPU inference is slow)
 */
@ConfigurationProperties(ConsolidationProperties.CONFIG_PREFIX)
public record ConsolidationProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("24h") Duration interval,
        @DefaultValue("") String cron,
        @DefaultValue("7") int daysBack,
        @DefaultValue("60m") Duration timeGap,
        @DefaultValue("2") int minClusterSize,
        @DefaultValue("0.5") double uncertaintyThreshold,
        @DefaultValue("0.5") double groundingThreshold,
        @DefaultValue("0.88") double mergeSimilarity,
        @DefaultValue("0.75") double contradictionSimilarity,
        @DefaultValue("3") int maxPatternsPerCluster,
        @DefaultValue("0.6") double minConfidence,
        @DefaultValue("5000") int maxEventsPerRun,
        @DefaultValue("400") int maxEventChars,
        @DefaultValue("0.6") double promptContextShare,
        @DefaultValue("180s") Duration modelTimeout) {

    public static final String CONFIG_PREFIX = "athena.consolidation";

    public ConsolidationProperties {
        if (!cron.isBlank() && !CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException(
                    "athena.consolidation.cron is not a valid cron expression: '" + cron + "'");
        }
    }
}
