/**
 * The one resilience shape of Athena's remote model adapters (llama.cpp embeddings, llama.cpp reasoning, Claude): the
 * nested {@code retry.*}, {@code circuit-breaker.*} and {@code bulkhead.*} properties and the operators they set.
 */
@NullMarked
package dev.athena.resilience;

import org.jspecify.annotations.NullMarked;
