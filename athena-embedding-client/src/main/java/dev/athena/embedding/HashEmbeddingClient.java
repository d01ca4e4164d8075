package dev.athena.embedding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import reactor.core.publisher.Mono;

/**
 * A deterministic stand-in for a model, for load tests and air-gapped smoke tests
 * ({@code athena.embedding.provider=hash}): feature hashing of the lower-cased words of a text and of their character
 * trigrams into the configured dimension, L2-normalised. Texts that share words or spellings get similar vectors, which
 * is enough for near-duplicate detection and recall to do their real work, at a few microseconds per text and with no
 * model to load.
 *
 * <p>It captures spelling, not meaning: a paraphrase with other words is not close. Use it to measure Athena and the
 * database, never for retrieval quality.
 */
public final class HashEmbeddingClient implements EmbeddingClient {

    static final String MODEL_NAME = "feature-hash-v1";
    /** A word counts twice as much as one of its trigrams: shared words matter more than shared spellings. */
    private static final float WORD_WEIGHT = 1.0f;

    private static final float TRIGRAM_WEIGHT = 0.5f;
    private static final int WORD_SEED = 0x9747b28c;
    private static final int TRIGRAM_SEED = 0x5bd1e995;
    private static final char BOUNDARY = '\u0002';

    private final int dimension;

    public HashEmbeddingClient(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
        this.dimension = dimension;
    }

    @Override
    public EmbeddingModelInfo model() {
        return new EmbeddingModelInfo(MODEL_NAME, dimension);
    }

    @Override
    public Mono<List<float[]>> embed(List<String> texts, EmbeddingPurpose purpose) {
        Objects.requireNonNull(purpose, "purpose");
        // Microseconds of work per text: cheaper to do on the caller's thread than to hand to a scheduler.
        return Mono.fromSupplier(() -> {
            List<float[]> vectors = new ArrayList<>(texts.size());
            for (String text : texts) {
                vectors.add(vector(text));
            }
            return vectors;
        });
    }

    @Override
    public Mono<EmbeddingStatus> status() {
        return Mono.just(EmbeddingStatus.up());
    }

    /** The normalised feature vector of one text. */
    float[] vector(String text) {
        float[] vector = new float[dimension];
        char[] word = new char[Math.min(text.length(), 256) + 2];
        int length = 0;
        boolean any = false;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                if (length == word.length - 2) {
                    word = Arrays.copyOf(word, word.length * 2);
                }
                word[1 + length++] = Character.toLowerCase(c);
            } else if (length > 0) {
                addWord(vector, word, length);
                any = true;
                length = 0;
            }
        }
        if (!any) {
            // No word at all (punctuation, whitespace): one fixed feature keeps the vector a unit vector.
            add(vector, hash(new char[] {BOUNDARY}, 0, 1, WORD_SEED), WORD_WEIGHT);
        }
        normalise(vector);
        return vector;
    }

    /** The word sits at {@code word[1..length]}; the trigrams include a boundary mark before and after it. */
    private void addWord(float[] vector, char[] word, int length) {
        add(vector, hash(word, 1, length, WORD_SEED), WORD_WEIGHT);
        word[0] = BOUNDARY;
        word[length + 1] = BOUNDARY;
        for (int start = 0; start + 3 <= length + 2; start++) {
            add(vector, hash(word, start, 3, TRIGRAM_SEED), TRIGRAM_WEIGHT);
        }
    }

    /** The low bits choose the component, the top bit its sign, so that collisions cancel out on average. */
    private void add(float[] vector, int hash, float weight) {
        int index = Integer.remainderUnsigned(hash, dimension);
        vector[index] += hash < 0 ? -weight : weight;
    }

    /**
     * MurmurHash3's mixing over UTF-16 units: fixed, so vectors are the same on every run, and well spread over the
     * components.
     */
    private static int hash(char[] chars, int offset, int length, int seed) {
        int h = seed;
        for (int i = offset; i < offset + length; i++) {
            int k = chars[i] * 0xcc9e2d51;
            k = Integer.rotateLeft(k, 15) * 0x1b873593;
            h ^= k;
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static void normalise(float[] vector) {
        double sum = 0;
        for (float x : vector) {
            sum += x * x;
        }
        if (sum == 0) {
            // Every feature cancelled out on a collision (possible in tiny dimensions): fall back to a fixed unit
            // vector.
            vector[0] = 1;
            return;
        }
        float scale = (float) (1 / Math.sqrt(sum));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
    }
}
