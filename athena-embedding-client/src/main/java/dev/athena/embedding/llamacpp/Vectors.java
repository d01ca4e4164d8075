package dev.athena.embedding.llamacpp;

import java.util.Arrays;
import java.util.List;

/** The little vector arithmetic the adapter needs: L2 normalisation, matryoshka truncation, weighted means. */
final class Vectors {

    private Vectors() {}

    /** Scales the vector to unit length in place and returns it; a zero vector has no direction and is rejected. */
    static float[] normalize(float[] vector) {
        double sum = 0;
        for (float x : vector) {
            sum += (double) x * x;
        }
        if (sum == 0 || !Double.isFinite(sum)) {
            throw new LlamaCppEmbeddingException(
                    FailureKind.INVALID_VECTOR,
                    "llama.cpp sent an invalid vector: its length is " + Math.sqrt(sum) + ", it cannot be normalised");
        }
        float scale = (float) (1.0 / Math.sqrt(sum));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    /**
     * The first {@code width} components, re-normalised: a matryoshka model front-loads its meaning, so the prefix of
     * its vector is itself an embedding (close to, though not exactly, what layer-norm-then-truncate would give).
     */
    static float[] truncate(float[] vector, int width) {
        return normalize(Arrays.copyOf(vector, width));
    }

    /** The normalised mean of unit vectors, each weighted (by the length of the text piece it stands for). */
    static float[] weightedMean(List<float[]> vectors, List<Integer> weights) {
        float[] mean = new float[vectors.get(0).length];
        for (int v = 0; v < vectors.size(); v++) {
            float[] vector = vectors.get(v);
            float weight = weights.get(v);
            for (int i = 0; i < mean.length; i++) {
                mean[i] += weight * vector[i];
            }
        }
        return normalize(mean);
    }
}
