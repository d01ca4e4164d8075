package dev.athena.gateway.replicas;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * The replica the current thread's read runs on, while it runs: set around a read tool's handler only, so that
 * everything else on the thread (and every other thread: schedulers, health, writes) gets the primary.
 */
final class ReadTarget {

    private static final ThreadLocal<DataSource> CURRENT = new ThreadLocal<>();

    private ReadTarget() {}

    static @Nullable DataSource current() {
        return CURRENT.get();
    }

    static void set(DataSource replica) {
        CURRENT.set(replica);
    }

    static void clear() {
        CURRENT.remove();
    }
}
