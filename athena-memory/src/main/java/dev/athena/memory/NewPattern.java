package dev.athena.memory;

import java.util.List;
import java.util.UUID;

/**
 * A semantic pattern that consolidation extracted from episodic events.
 *
 * @param patternType e.g. {@code error_fix}, {@code test_driven_cycle}, {@code decision}
 * @param statement the pattern in one or two sentences; becomes the memory's content
 * @param confidence 0..1
 * @param modelValidated whether the reasoning model confirmed it (false for heuristics alone)
 * @param embedding the statement's vector, or null when the embedder is unavailable
 * @param embeddingModel the model that made it
 * @param sourceEvents the events it was derived from
 */
public record NewPattern(
        String project,
        String patternType,
        String statement,
        double confidence,
        boolean modelValidated,
        float[] embedding,
        String embeddingModel,
        List<UUID> sourceEvents) {}
