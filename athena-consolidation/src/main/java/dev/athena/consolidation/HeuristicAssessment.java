package dev.athena.consolidation;

import java.util.List;

/**
 * What System 1 made of a cluster.
 *
 * @param patterns the known shapes it recognised
 * @param uncertainty 0..1: how much a model's second look is worth (large, diverse clusters with few or weak patterns)
 */
record HeuristicAssessment(List<PatternCandidate> patterns, double uncertainty) {}
