package dev.athena.memory.testing;

import java.util.Random;

/** Vectors for tests whose subject is not the embedding: each component a standard Gaussian draw. */
public final class RandomVectors {

    private RandomVectors() {}

    public static float[] gaussian(Random random, int dimensions) {
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return vector;
    }
}
