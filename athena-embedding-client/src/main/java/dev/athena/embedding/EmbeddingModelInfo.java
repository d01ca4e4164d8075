package dev.athena.embedding;

/**
 * What produced a vector: stored next to every embedding so that a later change of model is detectable.
 *
 * @param name      model identifier, e.g. {@code all-minilm-l6-v2-q} or {@code nomic-embed-text-v1.5}
 * @param dimension width of the vectors the client returns
 */
public record EmbeddingModelInfo(String name, int dimension) {

    public EmbeddingModelInfo {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name must not be blank");
        }
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
    }
}
