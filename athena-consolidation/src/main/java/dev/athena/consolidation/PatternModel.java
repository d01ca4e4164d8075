package dev.athena.consolidation;

import java.util.List;

/**
 * System 2: the reasoning model's reading of a cluster. Implementations fail with
 * {@link PatternModelUnavailableException} when no model can answer now, so consolidation falls back to heuristics.
 */
interface PatternModel {

    /**
     * Patterns the model finds in the cluster, given what the heuristics saw.
     *
     * @return candidates with {@code fromModel = true}; may be empty
     */
    List<PatternCandidate> extract(EventCluster cluster, HeuristicAssessment heuristics);

    /** Model calls made so far (for the run report and metrics). */
    long calls();
}
