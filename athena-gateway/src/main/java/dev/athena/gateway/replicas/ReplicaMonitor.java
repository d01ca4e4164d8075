package dev.athena.gateway.replicas;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import dev.athena.memory.LogValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Measures every replica each {@code check-interval}: reachable, still a standby, how far it has replayed and so how
 * far behind the primary it is. Reads use what it found ({@link ReplicaState}); a replica taken out of use (down, or
 * lagging beyond {@code max-lag}) is used again as soon as a check finds it well.
 */
final class ReplicaMonitor {

    private static final Logger log = LoggerFactory.getLogger(ReplicaMonitor.class);

    private final List<Replica> replicas;
    private final LongSupplier primaryFlushPosition;
    private final PrimarySamples samples;
    private final WritePositions writes;
    private final Duration maxLag;
    private final Clock clock;

    /** @param primaryFlushPosition asks the primary how far its WAL is flushed (what a replica can have received) */
    ReplicaMonitor(
            List<Replica> replicas,
            LongSupplier primaryFlushPosition,
            WritePositions writes,
            ReplicaProperties properties,
            Clock clock) {
        this.replicas = replicas;
        this.primaryFlushPosition = primaryFlushPosition;
        this.writes = writes;
        this.maxLag = properties.maxLag();
        this.samples = new PrimarySamples(
                properties.maxLag().plus(properties.checkInterval().multipliedBy(3)));
        this.clock = clock;
    }

    void check() {
        try {
            samples.add(clock.instant(), primaryFlushPosition.getAsLong());
        } catch (RuntimeException e) {
            // The samples age: a replica then looks ever further behind, and reads go to the primary (which is down).
            log.debug("could not read the primary's WAL position: {}", e.getMessage());
        }
        long replayedEverywhere = Long.MAX_VALUE;
        for (Replica replica : replicas) {
            ReplicaState before = replica.state();
            ReplicaState after = check(replica);
            replica.update(after);
            if (before.status() != after.status()) {
                log.atLevel(after.usable() ? Level.INFO : Level.WARN)
                        .log(
                                "read replica {} is {}: {}",
                                replica.name(),
                                after.status().wireName(),
                                LogValues.safe(after.detail()));
            }
            replayedEverywhere = Math.min(replayedEverywhere, after.replayLsn());
        }
        if (replayedEverywhere > 0) {
            writes.forgetReachedBy(replayedEverywhere);
        }
    }

    private ReplicaState check(Replica replica) {
        long start = System.nanoTime();
        long replayed;
        try {
            replayed = replica.readReplayPosition();
        } catch (RuntimeException e) {
            return replica.state().down("unreachable: " + rootMessage(e));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (replayed < 0) {
            return new ReplicaState(
                    ReplicaState.Status.DOWN,
                    replica.state().replayLsn(),
                    null,
                    "not a standby in recovery (promoted, or not a replica): never read from",
                    millis);
        }
        PrimarySamples.Lag lag = samples.lag(replayed, clock.instant());
        if (lag == null) {
            return new ReplicaState(
                    ReplicaState.Status.DEGRADED,
                    replayed,
                    null,
                    "lag unknown: the primary's WAL position could not be read yet",
                    millis);
        }
        boolean withinBound = lag.bound() && lag.lag().compareTo(maxLag) <= 0;
        String detail = (lag.bound() ? "lag at most " : "lag more than ") + seconds(lag.lag()) + " (bound "
                + seconds(maxLag) + ")";
        return new ReplicaState(
                withinBound ? ReplicaState.Status.UP : ReplicaState.Status.DEGRADED,
                replayed,
                lag.lag(),
                detail,
                millis);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
