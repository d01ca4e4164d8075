package dev.athena.reasoning;

/**
 * What answers reasoning calls.
 *
 * @param provider {@code llamacpp} or {@code anthropic}
 * @param model the model's name or path as the server reports it (or as configured)
 * @param contextTokens tokens one request may use, prompt and answer together (for llama.cpp the context of one slot)
 * @param slots requests the server runs at once; Athena sends no more than this concurrently
 * @param vision whether the model accepts images
 */
public record ReasoningModelInfo(String provider, String model, int contextTokens, int slots, boolean vision) {}
