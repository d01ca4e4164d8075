/**
 * The llama.cpp adapter of the embedding port: a reactive client for {@code llama-server --embedding} with batching,
 * nomic task prefixes, width checks, retries, a circuit breaker, a query cache and metrics. Chosen with
 * {@code athena.embedding.provider=llamacpp}, or by setting {@code LLAMACPP_EMBEDDINGS_URL}.
 */
package dev.athena.embedding.llamacpp;
