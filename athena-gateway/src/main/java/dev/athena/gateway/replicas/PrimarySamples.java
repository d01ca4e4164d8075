package dev.athena.gateway.replicas;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

import org.jspecify.annotations.Nullable;

/**
 * The primary's WAL position as it was at each check, to turn a replica's replay position into time: a replica that has
 * replayed the position the primary had at {@code t} holds every transaction committed by {@code t}, so it is at most
 * {@code now - t} behind. A bound, not a guess from the last replayed transaction's timestamp, which grows while the
 * primary is idle and stays small while replay is stuck behind a long transaction.
 */
final class PrimarySamples {

    private record Sample(Instant at, long lsn) {}

    /**
     * How a replica stands against the samples.
     *
     * @param lag at most this far behind (when {@code bound}), or at least this far (when not: it has not replayed even
     *     the oldest sample kept)
     * @param bound whether {@code lag} is an upper bound
     */
    record Lag(Duration lag, boolean bound) {}

    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Duration keep;

    /** @param keep how long samples are kept: longer than the largest lag that must be told from "too far behind" */
    PrimarySamples(Duration keep) {
        this.keep = keep;
    }

    synchronized void add(Instant at, long lsn) {
        samples.addLast(new Sample(at, lsn));
        while (samples.size() > 1 && samples.peekFirst().at().isBefore(at.minus(keep))) {
            samples.removeFirst();
        }
    }

    /** The lag of a replica that has replayed up to {@code replayLsn}; null before the first sample. */
    synchronized @Nullable Lag lag(long replayLsn, Instant now) {
        if (samples.isEmpty()) {
            return null;
        }
        for (Iterator<Sample> newestFirst = samples.descendingIterator(); newestFirst.hasNext(); ) {
            Sample sample = newestFirst.next();
            if (sample.lsn() <= replayLsn) {
                return new Lag(nonNegative(Duration.between(sample.at(), now)), true);
            }
        }
        return new Lag(nonNegative(Duration.between(samples.peekFirst().at(), now)), false);
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
