package dev.athena.bench;

import java.util.Arrays;

/** The latency distribution of one operation in one phase, in milliseconds; NaN when it was never called. */
record Latency(String operation, long count, double p50, double p95, double p99, double mean, double max) {

    static Latency of(String operation, long[] sortedNanos) {
        if (sortedNanos.length == 0) {
            return new Latency(operation, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = Arrays.stream(sortedNanos).average().orElse(0) / 1e6;
        return new Latency(
                operation,
                sortedNanos.length,
                percentile(sortedNanos, 0.50),
                percentile(sortedNanos, 0.95),
                percentile(sortedNanos, 0.99),
                mean,
                sortedNanos[sortedNanos.length - 1] / 1e6);
    }

    /** Nearest rank: the smallest latency that at least {@code share} of the calls did not exceed. */
    static double percentile(long[] sortedNanos, double share) {
        int rank = (int) Math.ceil(share * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }
}
