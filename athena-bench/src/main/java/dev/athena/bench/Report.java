package dev.athena.bench;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The table and the JSON of a measure run, and the soak's lines. The table's layout is the one docs/benchmarks.md
 * shows; the JSON's field names are read by {@code RecallFloor} (phases[].name, concurrency, requests, seconds,
 * latency_ms.recall.p50 and p99) and by whoever compares runs, so both are pinned by {@code ReportTests}.
 */
record Report(Run run, LoadState load, List<PhaseResult> results, double rssAfterRunsMb, double rssPeakMb) {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final String RULE = "-".repeat(126) + "\n";
    private static final String ROW = "%-30s %5s %9s %6s %10s %12s %9s %9s %9s %10s %10s%n";

    /** The run's circumstances as given on the command line; the text ones are shown as given, "?" when absent. */
    record Run(
            LocalDate date,
            int cores,
            String java,
            String embedder,
            String startupMs,
            String phaseSeconds,
            String database,
            JitWarmUp.Outcome warmUp) {}

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%nAthena benchmark: %,d memories, embedder %s, %d cores, Java %s, %s%n",
                load.memories(),
                run.embedder(),
                run.cores(),
                run.java(),
                run.date()));
        out.append(RULE);
        out.append(String.format(
                Locale.ROOT,
                ROW,
                "phase",
                "conc",
                "requests",
                "errors",
                "req/s",
                "memories/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "Athena CPU",
                "PG CPU"));
        out.append(RULE);
        out.append(String.format(
                Locale.ROOT,
                ROW,
                "load: remember_batch (" + load.batch() + ")",
                load.concurrency(),
                "",
                load.errors(),
                "",
                String.format(Locale.ROOT, "%.0f", load.memoriesPerSecond()),
                "",
                "",
                "",
                milliseconds(load.athenaCpuMsPerMemory()),
                milliseconds(load.postgresCpuMsPerMemory())));
        for (PhaseResult r : results) {
            for (int i = 0; i < r.latencies().size(); i++) {
                Latency l = r.latencies().get(i);
                String name = r.latencies().size() == 1 ? r.name() : r.name() + ": " + l.operation();
                boolean first = i == 0;
                out.append(String.format(
                        Locale.ROOT,
                        ROW,
                        name,
                        r.concurrency(),
                        l.count(),
                        first ? Long.toString(r.errors()) : "",
                        first ? String.format(Locale.ROOT, "%.1f", r.throughput()) : "",
                        first && r.memoriesPerSecond() > 0
                                ? String.format(Locale.ROOT, "%.0f", r.memoriesPerSecond())
                                : "",
                        twoDecimals(l.p50()),
                        twoDecimals(l.p95()),
                        twoDecimals(l.p99()),
                        first ? milliseconds(r.athenaCpuMs()) : "",
                        first ? milliseconds(r.postgresCpuMs()) : ""));
            }
        }
        out.append(RULE);
        out.append(String.format(Locale.ROOT, "start-up (process start to /health 200): %s ms%n", run.startupMs()));
        out.append(String.format(
                Locale.ROOT,
                "resident memory (VmRSS): %s MB after load, %s MB after the runs (peak %s MB)%n",
                known(load.rssAfterLoadMb()),
                known(rssAfterRunsMb),
                known(rssPeakMb)));
        out.append(String.format(
                Locale.ROOT,
                "load: %d memories in %s s: %d created, %d duplicates, %d pending embedding%n",
                load.memories(),
                LoadState.format(load.seconds()),
                load.created(),
                load.duplicates(),
                load.pendingEmbedding()));
        out.append(String.format(Locale.ROOT, "warm-up: %s%n", warmUpLine(run.warmUp())));
        out.append(String.format(
                Locale.ROOT,
                "each phase: %s s measured after the warm-up; latency is per HTTP call, "
                        + "client side;%nCPU columns: CPU time per request of the Athena process and of the PostgreSQL "
                        + "backends of database %s%n",
                run.phaseSeconds(),
                run.database()));
        return out.toString();
    }

    private static String warmUpLine(JitWarmUp.Outcome warmUp) {
        if (warmUp.rounds() == 0) {
            return "none";
        }
        String recall = String.format(
                Locale.ROOT, "recall for %d s in %d rounds", warmUp.length().toSeconds(), warmUp.rounds());
        if (warmUp.lastRoundCompileMs() == null) {
            return recall + " (Athena's JIT compilation time unreadable), then remember";
        }
        return String.format(
                Locale.ROOT,
                "%s, until Athena's JIT %s (%.0f ms of compiling in the last round), then remember",
                recall,
                warmUp.settled() ? "settled" : "had not settled at the longest warm-up",
                warmUp.lastRoundCompileMs());
    }

    String json() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("date", run.date().toString());
        document.put("cores", run.cores());
        document.put("java", run.java());
        document.put("embedder", run.embedder());
        document.put("memories", load.memories());
        document.put("startup_ms", wholeOrNull(run.startupMs()));
        document.put("rss_mb", new Rss(round(load.rssAfterLoadMb()), round(rssAfterRunsMb), round(rssPeakMb)));
        document.put(
                "load",
                new LoadJson(
                        load.batch(),
                        load.concurrency(),
                        round(load.seconds()),
                        round(load.memoriesPerSecond()),
                        load.created(),
                        load.duplicates(),
                        load.pendingEmbedding(),
                        new Cpu(round(load.athenaCpuMsPerMemory()), round(load.postgresCpuMsPerMemory()), null),
                        load.errors()));
        JitWarmUp.Outcome warmUp = run.warmUp();
        document.put(
                "warm_up",
                new WarmUpJson(
                        warmUp.rounds(),
                        warmUp.length().toSeconds(),
                        warmUp.lastRoundCompileMs() == null ? null : round(warmUp.lastRoundCompileMs()),
                        warmUp.settled()));
        document.put("phases", results.stream().map(Report::phase).toList());
        return JSON.writeValueAsString(document) + "\n";
    }

    /** The soak's header line, above one {@link #soakLine} a window. */
    static String soakHeader() {
        return String.format(
                Locale.ROOT,
                "%6s %10s %10s %10s %12s %12s %10s %10s %8s",
                "minute",
                "recalls/s",
                "recall p50",
                "recall p99",
                "remember p50",
                "remember p99",
                "Athena CPU",
                "PG CPU",
                "RSS MB");
    }

    static String soakLine(double minute, PhaseResult window, double rssMb) {
        Latency recall = window.latency(Tools.RECALL);
        Latency remember = window.latency(Tools.REMEMBER);
        return String.format(
                Locale.ROOT,
                "%6.1f %10.1f %10.2f %10.2f %12.2f %12.2f %10.2f %10.2f %8s",
                minute,
                recall.count() / window.seconds(),
                recall.p50(),
                recall.p99(),
                remember.p50(),
                remember.p99(),
                window.athenaCpuMs(),
                window.postgresCpuMs(),
                Double.isNaN(rssMb) ? "-" : LoadState.format(rssMb));
    }

    private static PhaseJson phase(PhaseResult r) {
        Map<String, LatencyJson> latencies = new LinkedHashMap<>();
        for (Latency l : r.latencies()) {
            latencies.put(
                    l.operation(),
                    new LatencyJson(
                            l.count(),
                            round(l.p50()),
                            round(l.p95()),
                            round(l.p99()),
                            round(l.mean()),
                            round(l.max())));
        }
        return new PhaseJson(
                r.name(),
                r.concurrency(),
                round(r.seconds()),
                r.requests(),
                r.errors(),
                round(r.throughput()),
                round(r.memoriesPerSecond()),
                new Cpu(round(r.athenaCpuMs()), round(r.postgresCpuMs()), round(r.clientCpuMs())),
                latencies);
    }

    private static String milliseconds(double value) {
        return String.format(Locale.ROOT, "%.2f ms", value);
    }

    private static String twoDecimals(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String known(double mb) {
        return Double.isNaN(mb) ? "?" : LoadState.format(mb);
    }

    /** Two decimals as in the table; null for what was not measured. */
    private static Double round(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 100) / 100.0;
    }

    private static Long wholeOrNull(String value) {
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException notGiven) {
            return null;
        }
    }

    /** The recall warm-up before the phases; {@code last_round_compile_ms} is null when it could not be read. */
    @JsonPropertyOrder({"rounds", "seconds", "last_round_compile_ms", "jit_settled"})
    record WarmUpJson(
            int rounds,
            long seconds,
            @JsonProperty("last_round_compile_ms") Double lastRoundCompileMs,
            @JsonProperty("jit_settled") boolean jitSettled) {}

    @JsonPropertyOrder({"after_load", "after_runs", "peak"})
    record Rss(
            @JsonProperty("after_load") Double afterLoad,
            @JsonProperty("after_runs") Double afterRuns,
            Double peak) {}

    /** The load has no client column. */
    @JsonPropertyOrder({"athena", "postgres", "client"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Cpu(Double athena, Double postgres, Double client) {}

    @JsonPropertyOrder({
        "batch",
        "concurrency",
        "seconds",
        "memories_per_s",
        "created",
        "duplicates",
        "pending_embedding",
        "cpu_ms_per_memory",
        "errors"
    })
    record LoadJson(
            int batch,
            int concurrency,
            Double seconds,
            @JsonProperty("memories_per_s") Double memoriesPerSecond,
            long created,
            long duplicates,
            @JsonProperty("pending_embedding") long pendingEmbedding,
            @JsonProperty("cpu_ms_per_memory") Cpu cpuMsPerMemory,
            long errors) {}

    @JsonPropertyOrder({
        "name",
        "concurrency",
        "seconds",
        "requests",
        "errors",
        "requests_per_s",
        "memories_per_s",
        "cpu_ms_per_request",
        "latency_ms"
    })
    record PhaseJson(
            String name,
            int concurrency,
            Double seconds,
            long requests,
            long errors,
            @JsonProperty("requests_per_s") Double requestsPerSecond,
            @JsonProperty("memories_per_s") Double memoriesPerSecond,
            @JsonProperty("cpu_ms_per_request") Cpu cpuMsPerRequest,
            @JsonProperty("latency_ms") Map<String, LatencyJson> latencyMs) {}

    @JsonPropertyOrder({"count", "p50", "p95", "p99", "mean", "max"})
    record LatencyJson(long count, Double p50, Double p95, Double p99, Double mean, Double max) {}
}
