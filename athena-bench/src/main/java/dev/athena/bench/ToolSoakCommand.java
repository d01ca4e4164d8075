package dev.athena.bench;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.athena.bench.AthenaClient.Reply;
import dev.athena.bench.PhaseRunner.Recorded;
import dev.athena.bench.PhaseRunner.Weighted;
import dev.athena.bench.ToolSoakReport.ToolRow;
import dev.athena.bench.ToolSoakReport.WindowRow;

/**
 * {@code tool-soak}, run by scripts/soak.sh: concurrent clients call six of Athena's tools ({@link ToolSoakWorkload})
 * for a set time, window after window; every answer other than a 200 of the documented shape is an error. Exit status:
 * 0 no error, 1 errors (the first ten are printed) or the p99 drift limit exceeded, 2 bad arguments, 3 Athena
 * unreachable or refusing the seeding.
 */
final class ToolSoakCommand {

    static final int EXIT_ERRORS = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_UNREACHABLE = 3;
    static final String HELP = """
            usage: soak.sh [--duration 5m] [--clients 32] [--url http://localhost:8000] [--window 60s] [--project P]
                           [--seed-memories 200] [--api-key KEY] [--max-p99-drift FACTOR] [--json OUT] [--seed N]

            Soak test: concurrent clients call Athena's tools for a set time, and errors and latency drift are reported.

              --duration        how long the clients run (default 5m; 90s, 5m, 1h)
              --clients         concurrent clients (default 32)
              --url             Athena's base URL (default http://localhost:8000)
              --window          width of a reporting window (default 60s)
              --project         project to work in (default: a new soak-<time> project)
              --seed-memories   memories stored before the clients start (default 200)
              --api-key         sent as a bearer token when API keys are on
              --max-p99-drift   fail when the last window's p99 exceeds the first's by more than this factor
              --json            also write the results to this file
              --seed            random seed of the clients' choices (default 1)""";
    private static final Set<String> OPTIONS = Set.of(
            "duration",
            "clients",
            "url",
            "window",
            "project",
            "seed-memories",
            "api-key",
            "max-p99-drift",
            "json",
            "seed");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");
    private static final int MAX_CLIENTS = 1024;
    private static final int SHOWN_ERRORS = 10;
    private static final DateTimeFormatter PROJECT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    ToolSoakCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** Soak settings, checked. */
    record Settings(
            Duration duration,
            Duration window,
            int clients,
            String url,
            String project,
            int seedMemories,
            String apiKey,
            Double maxP99Drift,
            Path json,
            long seed) {}

    int run(String[] args, int from) throws Exception {
        if (args.length > from && (args[from].equals("-h") || args[from].equals("--help"))) {
            out.println(HELP);
            return 0;
        }
        Settings settings;
        try {
            settings = settings(Options.parse(args, from));
        } catch (Options.BadArguments bad) {
            err.println("usage: soak.sh [--duration 5m] [--clients 32] [--url URL] ...\nsoak: " + bad.getMessage());
            return EXIT_USAGE;
        }
        return soak(settings);
    }

    private int soak(Settings settings) throws Exception {
        AthenaClient athena = new AthenaClient(settings.url(), settings.project(), settings.apiKey());
        ToolSoakWorkload workload = new ToolSoakWorkload(athena);
        SplittableRandom random = new SplittableRandom(settings.seed());
        Reply<?> seeding = workload.seed(settings.seedMemories(), random);
        if (seeding != null) {
            err.println(
                    seeding.status() == AthenaClient.CONNECTION_FAILED
                            ? "soak: Athena at " + settings.url() + " is unreachable: " + seeding.body()
                            : "soak: seeding failed: " + seeding.problem());
            return EXIT_UNREACHABLE;
        }
        AthenaMetrics metrics = new AthenaMetrics(settings.url(), settings.apiKey());
        AthenaMetrics.Snapshot before = metrics.snapshot();
        List<String> samples = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<Weighted> mix = sampled(workload.mix(random), samples, start);
        // The soak prints its own first errors, with the time they happened, at the end.
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        PhaseRunner runner = new PhaseRunner(new CpuTime.Probe(0, null), quiet);
        long windowNanos = settings.window().toNanos();
        long durationNanos = settings.duration().toNanos();
        List<WindowRow> windows = new ArrayList<>();
        List<Recorder> all = new ArrayList<>();
        for (int w = 0; (long) w * windowNanos < durationNanos; w++) {
            long from = w * windowNanos;
            long to = Math.min(durationNanos, from + windowNanos);
            Recorded recorded = runner.record(
                    "tool soak window " + w, settings.clients(), Duration.ofNanos(to - from), Duration.ZERO, mix);
            all.addAll(recorded.recorders());
            windows.add(WindowRow.of(
                    w + 1,
                    from / 1e9,
                    to / 1e9,
                    allCalls(recorded.recorders(), mix.size()),
                    recorded.recorders().stream().mapToLong(Recorder::errors).sum()));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        AthenaMetrics.Snapshot after = metrics.snapshot();
        List<ToolRow> tools = new ArrayList<>();
        for (int op = 0; op < mix.size(); op++) {
            int operation = op;
            tools.add(ToolRow.of(
                    Latency.of(mix.get(op).name(), Recorder.merge(all, op)),
                    all.stream().mapToLong(r -> r.errors(operation)).sum()));
        }
        long calls = tools.stream().mapToLong(ToolRow::calls).sum();
        long errors = tools.stream().mapToLong(ToolRow::errors).sum();
        ToolSoakReport.Drift drift = ToolSoakReport.Drift.of(windows);
        ToolSoakReport.Setup setup = new ToolSoakReport.Setup(
                settings.url(), settings.project(), settings.clients(), durationNanos / 1e9, windowNanos / 1e9);
        ToolSoakReport report = new ToolSoakReport(
                setup, windows, tools, drift, before, after, calls, errors, elapsed, List.copyOf(samples));
        out.print(report.text());
        if (settings.json() != null) {
            Files.writeString(settings.json(), report.json());
        }
        if (errors > 0) {
            err.println("first errors:");
            report.errorSamples().forEach(sample -> err.println("  " + sample));
            return EXIT_ERRORS;
        }
        if (settings.maxP99Drift() != null
                && drift != null
                && drift.p99Ratio() != null
                && drift.p99Ratio() > settings.maxP99Drift()) {
            err.println(
                    "soak: p99 drifted x" + drift.p99Ratio() + ", more than --max-p99-drift " + settings.maxP99Drift());
            return EXIT_ERRORS;
        }
        return 0;
    }

    private Settings settings(Options options) {
        for (String name : options.values().keySet()) {
            if (!OPTIONS.contains(name)) {
                throw new Options.BadArguments("unrecognized argument --" + name);
            }
        }
        Duration duration = duration(options.value("duration", "5m"));
        Duration window = duration(options.value("window", "60s"));
        if (duration.isZero() || window.isZero()) {
            throw new Options.BadArguments("--duration and --window must be positive");
        }
        int clients = options.intValue("clients", 32);
        if (clients < 1 || clients > MAX_CLIENTS) {
            throw new Options.BadArguments("--clients must be between 1 and " + MAX_CLIENTS);
        }
        int seedMemories = options.intValue("seed-memories", 200);
        if (seedMemories < 1) {
            throw new Options.BadArguments("--seed-memories must be at least 1 (get_memory needs a memory)");
        }
        String url = options.value("url", "http://localhost:8000");
        if (!isHttpUrl(url)) {
            throw new Options.BadArguments("--url must be an http(s) URL, was '" + url + "'");
        }
        Double maxDrift;
        try {
            maxDrift = options.has("max-p99-drift") ? Double.valueOf(options.required("max-p99-drift")) : null;
        } catch (NumberFormatException e) {
            throw new Options.BadArguments("--max-p99-drift must be a number");
        }
        String project = options.value(
                "project", "soak-" + PROJECT_TIME.format(clock.instant().atZone(ZoneOffset.UTC)));
        return new Settings(
                duration,
                window,
                clients,
                url,
                project,
                seedMemories,
                options.value("api-key", null),
                maxDrift,
                options.has("json") ? Path.of(options.required("json")) : null,
                options.longValue("seed", 1));
    }

    /** {@code 90s}, {@code 5m}, {@code 1h}, {@code 500ms}; a plain number is seconds. */
    static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            throw new Options.BadArguments("not a duration: '" + text + "' (examples: 90s, 5m, 1h)");
        }
        double value = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        double seconds = switch (unit) {
            case "ms" -> value / 1000;
            case "m" -> value * 60;
            case "h" -> value * 3600;
            default -> value;
        };
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Every operation of the mix, keeping the first errors with the tool and the time since the start. */
    private static List<Weighted> sampled(List<Weighted> mix, List<String> samples, long start) {
        return mix.stream()
                .map(w -> new Weighted(w.name(), w.weight(), () -> {
                    long began = System.nanoTime();
                    Reply<?> reply = w.operation().call();
                    if (!reply.ok() && samples.size() < SHOWN_ERRORS) {
                        samples.add(String.format(
                                Locale.ROOT, "%s at +%.1fs: %s", w.name(), (began - start) / 1e9, reply.problem()));
                    }
                    return reply;
                }))
                .toList();
    }

    private static Latency allCalls(List<Recorder> recorders, int operations) {
        List<long[]> perOperation = new ArrayList<>();
        for (int op = 0; op < operations; op++) {
            perOperation.add(Recorder.merge(recorders, op));
        }
        long[] merged =
                perOperation.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return Latency.of("all", merged);
    }
}
