package dev.athena.embedding;

/**
 * What produced a vector: stored next to every embedding so that a later change of model is detectable.
 *
 * @param name model identifier, e.g. {@code e5-small-v2-q} or {@code nomic-embed-text-v1.5}
 * @param dimension width of the vectors the client returns
 * @param unrelatedSimilarity the cosine similarity this model typically gives texts that have nothing to do with each
 *     other; 0 for a model that spreads its similarities over the whole range (MiniLM), about 0.74 for e5, whose
 *     similarities crowd between 0.7 and 1. Similarity thresholds (near-duplicates, pattern merging) are stated on
 *     MiniLM's scale and mapped onto the model's own with {@link #rawSimilarity(double)}
 */
public record EmbeddingModelInfo(String name, int dimension, double unrelatedSimilarity) {

    public EmbeddingModelInfo {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name must not be blank");
        }
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        if (!(unrelatedSimilarity >= 0 && unrelatedSimilarity < 1)) {
            throw new IllegalArgumentException("unrelated similarity must be in [0, 1), was " + unrelatedSimilarity);
        }
    }

    /** A model whose similarities span the whole range, as the thresholds assume. */
    public EmbeddingModelInfo(String name, int dimension) {
        this(name, dimension, 0);
    }

    /**
     * The cosine similarity of this model that means what {@code threshold} means on the calibrated scale (MiniLM's):
     * the same share of the way from unrelated to identical. A threshold above 1 (a switch-off) stays above 1.
     */
    public double rawSimilarity(double threshold) {
        return threshold > 1 ? threshold : unrelatedSimilarity + threshold * (1 - unrelatedSimilarity);
    }
}
