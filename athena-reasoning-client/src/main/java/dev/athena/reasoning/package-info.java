/**
 * Talks to the reasoning model (llama.cpp or Claude) that consolidation uses to extract and validate patterns: the
 * {@link dev.athena.reasoning.ReasoningClient} port and its adapters. It knows nothing of memories.
 */
@NullMarked
package dev.athena.reasoning;

import org.jspecify.annotations.NullMarked;
