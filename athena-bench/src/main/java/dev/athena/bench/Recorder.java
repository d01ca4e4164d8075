package dev.athena.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The latencies of one worker thread, per operation, kept whole (not bucketed) so that percentiles are exact. Each
 * worker has its own, so recording takes no lock; {@link #merge} joins them after the phase.
 */
final class Recorder {

    private static final int INITIAL_CAPACITY = 1024;

    private final long[][] nanos;
    private final int[] counts;
    private final long[] errors;

    Recorder(int operations) {
        this.nanos = new long[operations][INITIAL_CAPACITY];
        this.counts = new int[operations];
        this.errors = new long[operations];
    }

    void record(int operation, long latencyNanos, boolean ok) {
        if (!ok) {
            errors[operation]++;
        }
        if (counts[operation] == nanos[operation].length) {
            nanos[operation] = Arrays.copyOf(nanos[operation], nanos[operation].length * 2);
        }
        nanos[operation][counts[operation]++] = latencyNanos;
    }

    long errors() {
        return Arrays.stream(errors).sum();
    }

    long errors(int operation) {
        return errors[operation];
    }

    /** The latencies of one operation over all the recorders, sorted. */
    static long[] merge(List<Recorder> recorders, int operation) {
        int total = 0;
        for (Recorder r : recorders) {
            total += r.counts[operation];
        }
        long[] all = new long[total];
        int at = 0;
        for (Recorder r : recorders) {
            System.arraycopy(r.nanos[operation], 0, all, at, r.counts[operation]);
            at += r.counts[operation];
        }
        Arrays.sort(all);
        return all;
    }
}
