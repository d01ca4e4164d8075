package dev.athena.bench;

import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code soak}: the mixed 80/20 recall/remember load of measure for a long time, one line a window (throughput,
 * latency, CPU per request, Athena's resident memory), so that drift and growth show.
 */
final class SoakCommand {

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;

    SoakCommand(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    int run() throws InterruptedException {
        AthenaClient athena = new AthenaClient(options.required("url"), options.value("project", "bench"));
        int memories = options.positiveInt("memories", 10_000);
        Duration total = options.duration("minutes", Duration.ofMinutes(1), 30);
        Duration window = options.duration("window", Duration.ofSeconds(1), 60);
        if (window.isZero()) {
            throw new Options.BadArguments("--window must be more than 0 seconds");
        }
        int concurrency = options.positiveInt("concurrency", MeasureCommand.MIXED_CONCURRENCY);
        long athenaPid = options.longValue("pid", 0);
        Workload workload = new Workload(athena, new Corpus(options.longValue("seed", 42)), memories);
        PhaseRunner phases = new PhaseRunner(new CpuTime.Probe(athenaPid, options.value("db", null)), err);
        long windows = Math.max(1, total.toNanos() / window.toNanos());
        out.println(Report.soakHeader());
        long errors = 0;
        for (long w = 0; w < windows; w++) {
            PhaseResult result =
                    phases.run("soak", concurrency, window, Duration.ZERO, MeasureCommand.mixed(workload), 1);
            errors += result.errors();
            double rss = athenaPid > 0 ? ResidentMemory.of(athenaPid).residentMb() : Double.NaN;
            out.println(Report.soakLine((w + 1) * window.toNanos() / 60e9, result, rss));
        }
        if (errors > 0) {
            err.println("athena-bench: " + errors + " requests failed");
            return 1;
        }
        return 0;
    }
}
