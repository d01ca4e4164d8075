package dev.athena.memory;

import java.util.UUID;

/** An active pattern memory close to a new one. */
public record SimilarPattern(UUID id, String patternType, String statement, double similarity, double confidence) {}
