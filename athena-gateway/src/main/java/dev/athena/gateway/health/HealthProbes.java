package dev.athena.gateway.health;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingStatus;
import dev.athena.gateway.replicas.Replicas;
import dev.athena.reasoning.ReasoningClient;
import dev.athena.reasoning.ReasoningStatus;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Probes the dependencies on a thread of its own, never on the pools that tool calls use (the database over its own
 * connection), so that a saturated gateway still reports its health truthfully. Requests that arrive while a probe runs
 * share its result: a flood of health checks costs one probe at a time.
 */
@Component
class HealthProbes implements DisposableBean {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** Three probes of at most two seconds each, plus a fresh database connection. */
    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(8);

    private final DatabaseProbe database;
    private final EmbeddingClient embeddings;
    private final ReasoningClient reasoning;
    private final ObjectProvider<Replicas> replicas;
    private final String version;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "athena-health");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<HealthReport> inFlight;

    HealthProbes(
            DataSource dataSource,
            EmbeddingClient embeddings,
            ReasoningClient reasoning,
            ObjectProvider<Replicas> replicas) {
        this.database = new DatabaseProbe(dataSource);
        this.embeddings = embeddings;
        this.reasoning = reasoning;
        this.replicas = replicas;
        String implementationVersion = HealthProbes.class.getPackage().getImplementationVersion();
        this.version = implementationVersion == null ? "dev" : implementationVersion;
    }

    /** A report probed now, or by the probe already running when this was asked. */
    HealthReport report() {
        CompletableFuture<HealthReport> probe;
        synchronized (this) {
            if (inFlight == null || inFlight.isDone()) {
                inFlight = CompletableFuture.supplyAsync(this::probeAll, executor);
            }
            probe = inFlight;
        }
        try {
            return probe.get(REPORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return unanswered("the health probes did not finish within " + REPORT_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unanswered("interrupted");
        }
    }

    private HealthReport probeAll() {
        Map<String, DependencyHealth> dependencies = new LinkedHashMap<>();
        dependencies.put("database", probe(this::database));
        dependencies.put("embedding", probe(this::embedding));
        dependencies.put("reasoning", probe(this::reasoning));
        // Read replicas as their monitor last measured them (each check-interval): no probe of their own here.
        replicas.ifAvailable(configured -> configured
                .states()
                .forEach((name, state) -> dependencies.put(
                        "replica:" + name,
                        new DependencyHealth(state.status().wireName(), state.checkMillis(), state.detail()))));
        return report(dependencies);
    }

    private HealthReport unanswered(String detail) {
        Map<String, DependencyHealth> dependencies = new LinkedHashMap<>();
        dependencies.put("database", new DependencyHealth("down", REPORT_TIMEOUT.toMillis(), detail));
        return report(dependencies);
    }

    private HealthReport report(Map<String, DependencyHealth> dependencies) {
        boolean databaseUp = dependencies.get("database").isUp();
        boolean allUsable = dependencies.values().stream().allMatch(DependencyHealth::isUsable);
        String status = !databaseUp ? "down" : allUsable ? "ok" : "degraded";
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        return new HealthReport(status, version, uptime, dependencies);
    }

    private record Probe(String status, String detail) {}

    @FunctionalInterface
    private interface Check {
        Probe run() throws Exception;
    }

    private static DependencyHealth probe(Check check) {
        long start = System.nanoTime();
        Probe probe;
        try {
            probe = check.run();
        } catch (Exception e) {
            probe = new Probe("down", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return new DependencyHealth(probe.status(), (System.nanoTime() - start) / 1_000_000, probe.detail());
    }

    private Probe database() throws Exception {
        database.check();
        return new Probe("up", null);
    }

    private Probe embedding() {
        EmbeddingStatus status = embeddings.status().block(PROBE_TIMEOUT);
        String model = embeddings.model().name() + " (" + embeddings.model().dimension() + "-d)";
        return new Probe(
                status.state().name().toLowerCase(Locale.ROOT),
                status.detail().isEmpty() ? model : model + ": " + status.detail());
    }

    private Probe reasoning() {
        ReasoningStatus status = reasoning.status().block(PROBE_TIMEOUT);
        return new Probe(
                status.state().name().toLowerCase(Locale.ROOT), status.detail().isEmpty() ? null : status.detail());
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
        database.close();
    }
}
