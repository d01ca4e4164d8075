package dev.athena.memory.testing;

/** The exact cosine similarity, in doubles: what tests compare Athena's approximate and half-precision scores with. */
public final class Cosine {

    private Cosine() {}

    public static double similarity(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(normA * normB);
    }
}
