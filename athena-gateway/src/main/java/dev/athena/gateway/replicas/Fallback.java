package dev.athena.gateway.replicas;

import java.util.Locale;

/** Why a read that could have run on a replica ran on the primary: the {@code reason} of the fallback counter. */
enum Fallback {
    /** Every replica is down (unreachable, or not a standby). */
    DOWN,
    /** Replicas answer, but none is within {@code max-lag}. */
    LAGGING,
    /** No usable replica had replayed the caller's last write within {@code read-your-writes-wait}. */
    BEHIND,
    /** The read failed on the replica and was run again on the primary. */
    FAILED;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
