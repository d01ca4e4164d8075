/**
 * One entry point to Athena's local models for Java code: embeddings, reasoning and prompt compression together,
 * as the seed's {@code LocalLLMClient} offered them. It lives here because this is the lowest module that sees both
 * clients, which must stay independent of each other.
 */
@NullMarked
package dev.athena.consolidation.llm;

import org.jspecify.annotations.NullMarked;
