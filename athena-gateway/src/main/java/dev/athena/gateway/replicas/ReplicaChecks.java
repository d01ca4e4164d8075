package dev.athena.gateway.replicas;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ReplicaMonitor#check()} every {@code check-interval} on a thread of its own: a replica that does not
 * answer holds up its checks for up to {@code connect-timeout}, never the application's shared scheduler.
 */
final class ReplicaChecks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaChecks.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "athena-replica-checks");
        thread.setDaemon(true);
        return thread;
    });

    ReplicaChecks(ReplicaMonitor monitor, Duration interval) {
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        monitor.check();
                    } catch (RuntimeException e) {
                        log.warn("read replica check failed: {}", e.getMessage());
                    }
                },
                0,
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
