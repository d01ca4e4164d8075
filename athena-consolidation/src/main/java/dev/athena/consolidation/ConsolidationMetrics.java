package dev.athena.consolidation;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Runs, duration, clusters, patterns by outcome, model calls and failures, under {@code athena.consolidation.*}. */
@Component
class ConsolidationMetrics {

    private final MeterRegistry registry;

    /** Without a registry in the context (the module used outside the gateway), meters go to the global one. */
    ConsolidationMetrics(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry.getIfAvailable(() -> Metrics.globalRegistry);
    }

    void record(ConsolidationReport report) {
        String outcome = report.skipped() ? "skipped" : report.modelUnavailable() ? "heuristics_only" : "completed";
        Timer.builder("athena.consolidation.runs")
                .description("Consolidation runs by outcome")
                .tag("outcome", outcome)
                .tag("dry_run", Boolean.toString(report.dryRun()))
                .register(registry)
                .record(report.durationMs(), TimeUnit.MILLISECONDS);
        if (report.skipped() || report.dryRun()) {
            return;
        }
        counter("athena.consolidation.clusters", "Clusters found").increment(report.clustersFound());
        patterns("created").increment(report.patternsCreated());
        patterns("reinforced").increment(report.patternsReinforced());
        counter("athena.consolidation.model.calls", "Reasoning model calls").increment(report.modelCalls());
        if (report.modelUnavailable()) {
            counter("athena.consolidation.model.failures", "Runs where the reasoning model was unavailable")
                    .increment();
        }
    }

    void rejected(String source) {
        Counter.builder("athena.consolidation.patterns")
                .description("Patterns by outcome")
                .tag("outcome", "rejected")
                .tag("source", source)
                .register(registry)
                .increment();
    }

    private Counter patterns(String outcome) {
        return Counter.builder("athena.consolidation.patterns")
                .description("Patterns by outcome")
                .tag("outcome", outcome)
                .tag("source", "all")
                .register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }
}
