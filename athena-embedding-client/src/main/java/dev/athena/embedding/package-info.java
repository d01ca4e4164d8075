/**
 * Turns text into vectors for Athena. The {@link dev.athena.embedding.EmbeddingClient} port hides whether the model
 * runs in-process (ONNX, the default) or in a llama.cpp server; it knows nothing of memories.
 */
package dev.athena.embedding;
