/**
 * Consolidation turns clusters of episodic events into semantic pattern memories, using fast heuristics and, where they
 * are unsure, the reasoning model. It sits between the gateway and the memory module.
 */
package dev.athena.consolidation;
