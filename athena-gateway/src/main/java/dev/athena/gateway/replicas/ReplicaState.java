package dev.athena.gateway.replicas;

import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What the last check (or a failed read since) found out about a replica.
 *
 * @param status up (used for reads), degraded (reachable but further behind than the bound) or down
 * @param replayLsn the last WAL position it has replayed, as bytes; -1 when never read
 * @param lag how far behind the primary it is at most, as time; null when unknown
 * @param detail why it is not up, or where it stands when it is
 * @param checkMillis how long the check took
 */
public record ReplicaState(
        Status status, long replayLsn, @Nullable Duration lag, String detail, long checkMillis) {

    /** Before the first check: not used until one succeeds. */
    static final ReplicaState UNCHECKED = new ReplicaState(Status.DOWN, -1, null, "not checked yet", 0);

    public enum Status {
        UP,
        DEGRADED,
        DOWN;

        /** The name in {@code /health}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    boolean usable() {
        return status == Status.UP;
    }

    ReplicaState down(String why) {
        return new ReplicaState(Status.DOWN, replayLsn, null, why, checkMillis);
    }

    /** The same state with a replay position read since, if it is further on (positions only move forward). */
    ReplicaState replayedTo(long lsn) {
        return lsn <= replayLsn ? this : new ReplicaState(status, lsn, lag, detail, checkMillis);
    }
}
