package dev.athena.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code measure}: after a warm-up of recall and of remember, recall at concurrency 1, 8 and 32 (first, so that it runs
 * over exactly the loaded corpus), single remember at 8, remember_batch at 2, and the mixed 80/20 recall/remember load
 * at 8; then the table on standard output and, with {@code --json}, the JSON.
 */
final class MeasureCommand {

    static final int[] RECALL_CONCURRENCIES = {1, 8, 32};
    static final int WRITE_CONCURRENCY = 8;
    static final int MIXED_CONCURRENCY = 8;

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    MeasureCommand(Options options, PrintStream out, PrintStream err, Clock clock) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /**
     * Until Athena's in-process index is loaded, recall runs on the database alone; the measured phases are of the
     * loaded gateway. Waits at most {@code longest} ({@code --index-wait}; 0 where the index is turned off, whose gauge
     * reads 0 for ever), and not at all when the gauge cannot be read.
     */
    private void awaitInProcessIndex(AthenaMetrics metrics, Duration longest) throws InterruptedException {
        if (longest.isZero()) {
            return;
        }
        long started = System.nanoTime();
        long deadline = started + longest.toNanos();
        Double ready = metrics.inProcessIndexReady();
        while (ready != null && ready < 1 && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            ready = metrics.inProcessIndexReady();
        }
        err.printf(
                "  in-process index %s after %.1f s%n",
                ready == null ? "state unknown" : ready >= 1 ? "loaded" : "not loaded",
                (System.nanoTime() - started) / 1e9);
    }

    int run() throws Exception {
        Path statePath = Path.of(options.required("state"));
        LoadState load = LoadState.read(statePath);
        AthenaClient athena = new AthenaClient(options.required("url"), options.value("project", "bench"));
        int memories = options.positiveInt("memories", 10_000);
        Duration length = options.duration("duration", Duration.ofSeconds(1), 15);
        Duration warmup = options.duration("warmup", Duration.ofSeconds(1), 5);
        Duration longestWarmup = options.duration("warmup-max", Duration.ofSeconds(1), 300);
        // Calls in the first seconds of a phase wait on the previous phase's threads and connections.
        Duration settle = options.duration("settle", Duration.ofSeconds(1), 2);
        int batchSize = options.positiveInt("batch", 500);
        int batchConcurrency = options.positiveInt("batch-concurrency", 2);
        Workload workload = new Workload(
                athena,
                new Corpus(options.longValue("seed", 42)),
                memories,
                LoadState.firstNewMemory(statePath, memories));
        // With several gateways (--url A,B --pid PA,PB) Athena's CPU is theirs added up; resident memory is the
        // first's.
        List<Long> athenaPids = options.longList("pid");
        long athenaPid = athenaPids.isEmpty() ? 0 : athenaPids.get(0);
        PhaseRunner phases = new PhaseRunner(new CpuTime.Probe(athenaPids, options.value("db", null)), err);

        err.println("  warm-up: recall in rounds of " + warmup.toSeconds() + " s until Athena's JIT settles (at most "
                + longestWarmup.toSeconds() + " s), then remember for " + warmup.toSeconds() + " s");
        // Only recall repeats: remember's warm-up writes memories, and the recall phases measure the loaded corpus.
        AthenaMetrics metrics = new AthenaMetrics(options.required("url").split(",")[0], null);
        awaitInProcessIndex(metrics, options.duration("index-wait", Duration.ofSeconds(1), longestWarmup.toSeconds()));
        JitWarmUp.Outcome warmUp = new JitWarmUp(metrics::compilationMs, err)
                .run(
                        () -> phases.run(
                                PhaseRunner.WARM_UP,
                                8,
                                warmup,
                                Duration.ZERO,
                                Map.of(Tools.RECALL, workload.recall()),
                                1),
                        warmup,
                        longestWarmup);
        phases.run(PhaseRunner.WARM_UP, 8, warmup, Duration.ZERO, Map.of(Tools.REMEMBER, workload.remember()), 1);
        List<PhaseResult> results = new ArrayList<>();
        for (int concurrency : RECALL_CONCURRENCIES) {
            results.add(
                    phases.run(Tools.RECALL, concurrency, length, settle, Map.of(Tools.RECALL, workload.recall()), 1));
        }
        results.add(phases.run(
                Tools.REMEMBER, WRITE_CONCURRENCY, length, settle, Map.of(Tools.REMEMBER, workload.remember()), 1));
        results.add(phases.run(
                "remember_batch (" + batchSize + ")",
                batchConcurrency,
                length,
                Duration.ZERO,
                Map.of(Tools.REMEMBER_BATCH, workload.rememberBatch(batchSize)),
                batchSize));
        results.add(phases.run("mixed 80/20", MIXED_CONCURRENCY, length, settle, mixed(workload), 1));
        LoadState.recordNextNewMemory(statePath, workload.nextNewMemory());

        ResidentMemory rss = athenaPid > 0 ? ResidentMemory.of(athenaPid) : new ResidentMemory(Double.NaN, Double.NaN);
        Report.Run run = new Report.Run(
                LocalDate.now(clock),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                options.value("embedder", "?"),
                options.value("startup-ms", "?"),
                options.value("duration", "15"),
                options.value("db", "?"),
                warmUp);
        Report report = new Report(run, load, results, rss.residentMb(), rss.peakMb());
        out.println(report.table());
        if (options.has("json")) {
            Files.writeString(Path.of(options.required("json")), report.json());
            out.println("JSON: " + options.required("json"));
        }
        long errors = results.stream().mapToLong(PhaseResult::errors).sum();
        if (errors > 0) {
            err.println("athena-bench: " + errors + " requests failed");
            return 1;
        }
        return 0;
    }

    /** Recall and remember, 80/20: the first operation is the 80%. */
    static Map<String, Operation> mixed(Workload workload) {
        Map<String, Operation> mixed = new LinkedHashMap<>();
        mixed.put(Tools.RECALL, workload.recall());
        mixed.put(Tools.REMEMBER, workload.remember());
        return mixed;
    }
}
