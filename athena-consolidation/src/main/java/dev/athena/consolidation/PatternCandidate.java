package dev.athena.consolidation;

import java.util.List;
import java.util.UUID;

/**
 * A pattern proposed for a cluster, by the heuristics or by the model.
 *
 * @param patternType e.g. error_fix, test_driven_cycle, refactoring, decision, deployment, repeated_workflow
 * @param statement the pattern as it will be remembered
 * @param confidence 0..1
 * @param supportingEvents the events that show it
 * @param fromModel whether the reasoning model proposed or confirmed it
 */
record PatternCandidate(
        String patternType, String statement, double confidence, List<UUID> supportingEvents, boolean fromModel) {}
