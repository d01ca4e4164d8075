/**
 * Prompt compression before a prompt goes to a paid or small-context model: the
 * {@link dev.athena.reasoning.compression.PromptCompressor} port, a built-in word-level compressor that needs no model,
 * and an adapter for an LLMLingua-2 service. Token counts come from the cl100k tokenizer.
 */
@NullMarked
package dev.athena.reasoning.compression;

import org.jspecify.annotations.NullMarked;
