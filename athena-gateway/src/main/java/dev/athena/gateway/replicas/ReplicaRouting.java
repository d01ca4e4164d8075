package dev.athena.gateway.replicas;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.athena.gateway.tools.Caller;
import dev.athena.gateway.tools.DatabaseFailures;
import dev.athena.gateway.tools.ToolCallRouting;
import jakarta.persistence.PersistenceException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;

/**
 * Sends the read tools to a replica and everything else to the primary. A read goes to a replica that is up (checked,
 * within {@code max-lag}) and has replayed the last write through this gateway to the read's project and by the
 * caller's key ({@link WritePositions}), waiting up to {@code read-your-writes-wait} for one to get there; otherwise,
 * and when the read fails on the replica, it runs on the primary. After every other tool the primary's position is
 * noted for the project and the key.
 */
final class ReplicaRouting implements ToolCallRouting {

    /** The tools that only read, and may therefore run on a replica. */
    static final Set<String> READ_TOOLS =
            Set.of("recall", "get_memory", "list_memories", "memory_history", "recall_events", "get_timeline");

    /** Tools that touch no project (compress_prompt) write nothing to wait for. */
    private static final String NO_PROJECT = "-";

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final List<Replica> replicas;
    private final WritePositions writes;
    private final ReplicaMetrics metrics;
    private final Duration readYourWritesWait;
    private final AtomicInteger next = new AtomicInteger();

    ReplicaRouting(List<Replica> replicas, WritePositions writes, ReplicaMetrics metrics, Duration readYourWritesWait) {
        this.replicas = replicas;
        this.writes = writes;
        this.metrics = metrics;
        this.readYourWritesWait = readYourWritesWait;
    }

    @Override
    public Object route(String tool, String project, Caller caller, Supplier<Object> handler) {
        if (READ_TOOLS.contains(tool)) {
            return read(project, caller, handler);
        }
        if (project.equals(NO_PROJECT)) {
            return handler.get();
        }
        Object result;
        try {
            result = handler.get();
        } catch (RuntimeException e) {
            writes.writtenAtUnknownPosition(project, caller.keyFingerprint());
            throw e;
        }
        writes.written(project, caller.keyFingerprint());
        return result;
    }

    private Object read(String project, Caller caller, Supplier<Object> handler) {
        Choice choice = choose(project, caller);
        Replica replica = choice.replica();
        if (replica == null) {
            metrics.fallback(Objects.requireNonNull(choice.fallback()));
            return onPrimary(handler);
        }
        ReadTarget.set(replica.dataSource());
        try {
            Object result = handler.get();
            metrics.read(replica.name());
            return result;
        } catch (RuntimeException e) {
            if (!fromDatabase(e)) {
                throw e;
            }
            if (DatabaseFailures.isUnavailable(e)) {
                replica.markDown("a read could not reach it: " + ReplicaMonitor.rootMessage(e));
            }
            ReadTarget.clear();
            metrics.fallback(Fallback.FAILED);
            return onPrimary(handler);
        } finally {
            ReadTarget.clear();
        }
    }

    private Object onPrimary(Supplier<Object> handler) {
        Object result = handler.get();
        metrics.read(ReplicaMetrics.PRIMARY);
        return result;
    }

    /** A replica to read from, or why the read runs on the primary. */
    private record Choice(
            @Nullable Replica replica, @Nullable Fallback fallback) {
        static Choice of(Replica replica) {
            return new Choice(replica, null);
        }

        static Choice primary(Fallback reason) {
            return new Choice(null, reason);
        }
    }

    private Choice choose(String project, Caller caller) {
        List<Replica> usable = new ArrayList<>(replicas.size());
        boolean anyReachable = false;
        for (Replica replica : replicas) {
            ReplicaState state = replica.state();
            anyReachable |= state.status() != ReplicaState.Status.DOWN;
            if (state.usable()) {
                usable.add(replica);
            }
        }
        if (usable.isEmpty()) {
            return Choice.primary(anyReachable ? Fallback.LAGGING : Fallback.DOWN);
        }
        long required;
        try {
            required = writes.requiredFor(project, caller.keyFingerprint());
        } catch (RuntimeException primaryUnreachable) {
            return Choice.primary(Fallback.BEHIND);
        }
        if (required == 0) {
            return Choice.of(usable.get(Math.floorMod(next.getAndIncrement(), usable.size())));
        }
        // The replica itself is asked, not the position its last check saw: that is up to a check old, and after a
        // failover behind the same address it may be another server's.
        Replica furthest = usable.stream()
                .max(Comparator.comparingLong(r -> r.state().replayLsn()))
                .orElseThrow();
        return awaitReplay(furthest, required) ? Choice.of(furthest) : Choice.primary(Fallback.BEHIND);
    }

    /** Polls the replica until it has replayed {@code required}, for at most {@code read-your-writes-wait}. */
    private boolean awaitReplay(Replica replica, long required) {
        long deadline = System.nanoTime() + readYourWritesWait.toNanos();
        while (true) {
            try {
                if (replica.readReplayPosition() >= required) {
                    return true;
                }
            } catch (RuntimeException e) {
                replica.markDown("unreachable: " + ReplicaMonitor.rootMessage(e));
                return false;
            }
            if (System.nanoTime() + POLL_NANOS > deadline) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** A failure of the statements (any database, any layer), as opposed to the tool's own refusals. */
    private static boolean fromDatabase(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessException
                    || cause instanceof SQLException
                    || cause instanceof PersistenceException) {
                return true;
            }
        }
        return false;
    }
}
