/**
 * Talks to the reasoning model (llama.cpp or Claude) that consolidation uses to extract and validate patterns.
 * It knows nothing of memories.
 */
package dev.athena.reasoning;
