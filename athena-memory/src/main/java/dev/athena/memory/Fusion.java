package dev.athena.memory;

import java.util.List;

import dev.athena.memory.RecallQueries.Candidate;

/**
 * Turns what the two retrievers said about a memory into one relevance in 0..1, for one query.
 *
 * <p>{@code minmax} (the default) scales each retriever's scores over this query's candidates: the best candidate gets
 * 1, the candidate at rank {@code scale-depth} (20) and any below it 0. Cosine similarities of different models spread
 * over very different ranges (about 0.7 for MiniLM, 0.2 for e5 on conversations) and BM25 has no fixed range at all, so
 * fixed weights on raw scores favour whichever model they were tuned with; scaled scores make the weights mean the same
 * for every model. A full-text candidate the vector search did not return is scaled by the same range from its own
 * cosine (never below 0).
 */
final class Fusion {

    /** The two evidence terms (each 0..1, or null without evidence) and their fusion. */
    record Terms(Double vector, Double text, double fused) {}

    private final RecallProperties settings;
    private final boolean bothRetrievers;
    private final Range vectorRange;
    private final Range textRange;

    private Fusion(RecallProperties settings, boolean bothRetrievers, Range vectorRange, Range textRange) {
        this.settings = settings;
        this.bothRetrievers = bothRetrievers;
        this.vectorRange = vectorRange;
        this.textRange = textRange;
    }

    static Fusion of(RecallProperties settings, List<Candidate> vector, List<Candidate> text) {
        return new Fusion(
                settings,
                !vector.isEmpty() && !text.isEmpty(),
                Range.of(vector, settings.scaleDepth()),
                Range.of(text, settings.scaleDepth()));
    }

    Terms terms(Integer vectorRank, Double vectorSimilarity, Integer textRank, Double textScore) {
        return switch (settings.fusion()) {
            case RRF -> reciprocalRanks(vectorRank, vectorSimilarity, textRank, textScore);
            case WEIGHTED -> weightedRaw(vectorSimilarity, textScore);
            case MINMAX -> weightedScaled(vectorSimilarity, textScore);
        };
    }

    private Terms weightedScaled(Double vectorSimilarity, Double textScore) {
        Double vector = vectorSimilarity == null || vectorRange == null ? null : vectorRange.scale(vectorSimilarity);
        Double text = textScore == null || textRange == null ? null : textRange.scale(textScore);
        return new Terms(vector, text, weigh(vector, text));
    }

    private Terms weightedRaw(Double vectorSimilarity, Double textScore) {
        Double vector = vectorSimilarity == null ? null : Math.max(0, vectorSimilarity);
        Double text =
                textScore == null || textRange == null || textRange.max() <= 0 ? null : textScore / textRange.max();
        return new Terms(vector, text, weigh(vector, text));
    }

    private double weigh(Double vector, Double text) {
        if (!bothRetrievers) {
            // A single retriever's evidence stands alone.
            return vector != null ? vector : text != null ? text : 0;
        }
        double total = settings.vectorWeight() + settings.textWeight();
        return (settings.vectorWeight() * orZero(vector) + settings.textWeight() * orZero(text)) / total;
    }

    private Terms reciprocalRanks(Integer vectorRank, Double vectorSimilarity, Integer textRank, Double textScore) {
        Double vector = vectorRank == null ? null : 1.0 / (settings.rrfK() + vectorRank);
        Double text = textRank == null ? null : 1.0 / (settings.rrfK() + textRank);
        if (!bothRetrievers) {
            Terms alone = weightedScaled(vectorSimilarity, textScore);
            return new Terms(vector, text, alone.fused());
        }
        double v = settings.vectorWeight() * orZero(vector);
        double t = settings.textWeight() * orZero(text);
        // Scaled so that first in both lists is 1: the re-ranking terms then weigh the same in every fusion.
        return new Terms(
                vector, text, (v + t) * (settings.rrfK() + 1) / (settings.vectorWeight() + settings.textWeight()));
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    /** The scores one retriever gave this query's candidates. */
    private record Range(double min, double max) {

        /**
         * From the best score down to the score at rank {@code depth}. With fewer candidates than that, the scale
         * reaches down to at least half the best score: scaling two near-identical candidates of a small project to 1
         * and 0 would turn noise into a decision.
         */
        static Range of(List<Candidate> candidates, int depth) {
            if (candidates.isEmpty()) {
                return null;
            }
            double[] scores =
                    candidates.stream().mapToDouble(Candidate::score).sorted().toArray();
            double max = scores[scores.length - 1];
            double min = scores.length >= depth ? scores[scores.length - depth] : Math.min(scores[0], max / 2);
            return new Range(min, max);
        }

        /** 1 for the best, 0 at the depth rank and below; every candidate is 1 when all scored the same. */
        double scale(double score) {
            if (max - min <= 1e-12) {
                return score >= max - 1e-12 ? 1 : 0;
            }
            return Math.min(1, Math.max(0, (score - min) / (max - min)));
        }
    }
}
