import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Athena's HTTP load generator (JDK only, run as {@code java scripts/LoadGenerator.java ...}; scripts/bench.sh drives it).
 *
 * <pre>
 *   load    --url U --memories N [--batch 500] [--concurrency 2] [--project bench] [--seed 42] [--pid P] [--db NAME]
 *           --state FILE
 *   measure --url U --memories N [--duration 15] [--warmup 5] [--project bench] [--seed 42] [--pid P] [--db NAME]
 *           [--batch 500] [--batch-concurrency 2] --state FILE [--json OUT] [--embedder NAME] [--startup-ms MS]
 *   sample  [--memories 5] [--seed 42]      prints generated memories and queries
 *   queries --memories N [--count 200] [--seed 42]   prints the first recall queries of measure, one per line
 *   soak    --url U --memories N [--minutes 30] [--window 60] [--concurrency 8] [--pid P] [--db NAME] [--seed 42]
 *           the mixed 80/20 recall/remember load for a long time: one line per window (throughput, latency, CPU,
 *           Athena's resident memory), so drift and growth show
 * </pre>
 *
 * <p>{@code load} stores N generated memories through {@code remember_batch} and records its throughput and Athena's
 * resident memory in the state file. {@code measure} runs the measured phases (recall at concurrency 1, 8 and 32,
 * single {@code remember} at 8, {@code remember_batch} of 500 at 2, a mixed 80/20 run at 8), each after a warm-up, then
 * prints one table and writes JSON. Memories and queries come from templates filled with names, numbers and
 * identifiers drawn from a seeded generator: the same seed gives the same corpus and the same queries.
 */
public final class LoadGenerator {

    private static final Pattern CREATED = Pattern.compile("\"created\"\\s*:\\s*(\\d+)");
    private static final Pattern DUPLICATES = Pattern.compile("\"duplicates\"\\s*:\\s*(\\d+)");
    private static final Pattern PENDING = Pattern.compile("\"pending_embedding\"\\s*:\\s*(\\d+)");

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage("a command is required");
        }
        Options options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "load" -> new Load(options).run();
            case "measure" -> new Measure(options).run();
            case "sample" -> sample(options);
            case "queries" -> queries(options);
            case "soak" -> new Measure(options).soak();
            default -> usage("unknown command '" + args[0] + "'");
        }
    }

    static void usage(String problem) {
        System.err.println("LoadGenerator: " + problem);
        System.err.println("usage: java scripts/LoadGenerator.java load|measure|sample|queries|soak [--option value ...] (see the class comment)");
        System.exit(2);
    }

    private static void sample(Options options) {
        Corpus corpus = new Corpus(options.longValue("seed", 42));
        int n = options.intValue("memories", 5);
        for (int i = 0; i < n; i++) {
            Corpus.Memory memory = corpus.memory(i);
            System.out.println(memory.type() + " " + memory.tags() + " " + memory.text());
        }
        for (int i = 0; i < n; i++) {
            System.out.println("query: " + corpus.query(i, n));
        }
    }

    /** The queries measure's recall phases send first, in order: the database floor (RecallFloor) replays them. */
    private static void queries(Options options) {
        Corpus corpus = new Corpus(options.longValue("seed", 42));
        int memories = options.intValue("memories", 10_000);
        int count = options.intValue("count", 200);
        for (int j = 0; j < count; j++) {
            System.out.println(corpus.query(j, memories).replace('\n', ' '));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Phases

    /** Loads the corpus through remember_batch. */
    static final class Load {
        private final Options options;

        Load(Options options) {
            this.options = options;
        }

        void run() throws Exception {
            Athena athena = new Athena(options.required("url"), options.value("project", "bench"));
            Corpus corpus = new Corpus(options.longValue("seed", 42));
            int memories = options.intValue("memories", 10_000);
            int batch = options.intValue("batch", 500);
            int concurrency = options.intValue("concurrency", 2);
            AtomicLong next = new AtomicLong();
            AtomicLong created = new AtomicLong();
            AtomicLong duplicates = new AtomicLong();
            AtomicLong pending = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicLong done = new AtomicLong();
            long athenaPid = options.longValue("pid", 0);
            String database = options.value("db", null);
            Cpu cpuBefore = Cpu.now(athenaPid, database);
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    while (true) {
                        long from = next.getAndAdd(batch);
                        if (from >= memories) {
                            return null;
                        }
                        int to = (int) Math.min(memories, from + batch);
                        Athena.Answer answer = athena.call("remember_batch", corpus.batchBody((int) from, to, athena.project()));
                        if (answer.status() != 200) {
                            errors.incrementAndGet();
                            System.err.println("remember_batch " + from + ".." + to + ": HTTP " + answer.status() + " " + answer.body());
                            continue;
                        }
                        created.addAndGet(count(CREATED, answer.body()));
                        duplicates.addAndGet(count(DUPLICATES, answer.body()));
                        pending.addAndGet(count(PENDING, answer.body()));
                        long stored = done.addAndGet(to - from);
                        if (stored % 10_000 < batch) {
                            System.err.printf(Locale.ROOT, "  loaded %,d of %,d memories (%.0f/s)%n", stored, memories,
                                    stored / ((System.nanoTime() - start) / 1e9));
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - start) / 1e9;
            Cpu cpu = Cpu.now(athenaPid, database).minus(cpuBefore);
            Properties state = new Properties();
            state.setProperty("load.athena_cpu_ms_per_memory", format(cpu.athenaMs() / memories));
            state.setProperty("load.postgres_cpu_ms_per_memory", format(cpu.postgresMs() / memories));
            state.setProperty("load.memories", Integer.toString(memories));
            state.setProperty("load.seconds", format(seconds));
            state.setProperty("load.memories_per_s", format(memories / seconds));
            state.setProperty("load.created", Long.toString(created.get()));
            state.setProperty("load.duplicates", Long.toString(duplicates.get()));
            state.setProperty("load.pending_embedding", Long.toString(pending.get()));
            state.setProperty("load.errors", Long.toString(errors.get()));
            state.setProperty("load.batch", Integer.toString(batch));
            state.setProperty("load.concurrency", Integer.toString(concurrency));
            if (options.has("pid")) {
                Rss rss = Rss.of(options.longValue("pid", 0));
                state.setProperty("rss_after_load_mb", format(rss.residentMb()));
                state.setProperty("rss_peak_after_load_mb", format(rss.peakMb()));
            }
            try (var out = Files.newBufferedWriter(Path.of(options.required("state")))) {
                state.store(out, "LoadGenerator load");
            }
            System.err.printf(Locale.ROOT, "  loaded %,d memories in %.1f s (%.0f/s): %,d created, %,d duplicates, %,d pending, %d failed batches%n",
                    memories, seconds, memories / seconds, created.get(), duplicates.get(), pending.get(), errors.get());
            if (errors.get() > 0) {
                System.exit(1);
            }
        }
    }

    /** The measured phases, the table and the JSON. */
    static final class Measure {
        private final Options options;
        private final Athena athena;
        private final Corpus corpus;
        private final int memories;
        private final Duration duration;
        private final Duration warmup;
        private final AtomicLong nextNew;
        private final long athenaPid;
        private final String database;
        private final List<Result> results = new ArrayList<>();

        Measure(Options options) {
            this.options = options;
            this.athena = new Athena(options.required("url"), options.value("project", "bench"));
            this.corpus = new Corpus(options.longValue("seed", 42));
            this.memories = options.intValue("memories", 10_000);
            this.duration = Duration.ofSeconds(options.intValue("duration", 15));
            this.warmup = Duration.ofSeconds(options.intValue("warmup", 5));
            // New memories continue the corpus after the loaded ones, far enough not to repeat a warm-up's.
            this.nextNew = new AtomicLong(memories + 1_000_000L);
            this.athenaPid = options.longValue("pid", 0);
            this.database = options.value("db", null);
        }

        void run() throws Exception {
            Properties state = new Properties();
            try (var in = Files.newBufferedReader(Path.of(options.required("state")))) {
                state.load(in);
            }
            AtomicLong queries = new AtomicLong();
            Op recall = () -> athena.call("recall", corpus.recallBody(queries.getAndIncrement(), memories, athena.project()));
            Op remember = () -> athena.call("remember", corpus.rememberBody(nextNew.getAndIncrement(), athena.project()));
            int batchSize = options.intValue("batch", 500);
            Op rememberBatch = () -> {
                long from = nextNew.getAndAdd(batchSize);
                return athena.call("remember_batch", corpus.batchBody(from, from + batchSize, athena.project()));
            };

            System.err.println("  warm-up: recall and remember, " + warmup.toSeconds() + " s each");
            phase("warm-up", 8, warmup, Duration.ZERO, Map.of("recall", recall), 1);
            phase("warm-up", 8, warmup, Duration.ZERO, Map.of("remember", remember), 1);
            // Recall first, so that it runs over exactly the loaded corpus.
            for (int concurrency : new int[] {1, 8, 32}) {
                results.add(phase("recall", concurrency, duration, Duration.ofSeconds(2), Map.of("recall", recall), 1));
            }
            results.add(phase("remember", 8, duration, Duration.ofSeconds(2), Map.of("remember", remember), 1));
            results.add(phase("remember_batch (" + batchSize + ")", options.intValue("batch-concurrency", 2), duration,
                    Duration.ZERO, Map.of("remember_batch", rememberBatch), batchSize));
            Map<String, Op> mixed = new LinkedHashMap<>();
            mixed.put("recall", recall);
            mixed.put("remember", remember);
            results.add(phase("mixed 80/20", 8, duration, Duration.ofSeconds(2), mixed, 1));

            Double rssAfterRuns = null;
            Double rssPeak = null;
            if (options.has("pid")) {
                Rss rss = Rss.of(options.longValue("pid", 0));
                rssAfterRuns = rss.residentMb();
                rssPeak = rss.peakMb();
            }
            Report report = new Report(options, state, results, rssAfterRuns, rssPeak);
            System.out.println(report.table());
            if (options.has("json")) {
                Files.writeString(Path.of(options.value("json", "")), report.json());
                System.out.println("JSON: " + options.value("json", ""));
            }
            long errors = results.stream().mapToLong(Result::errors).sum();
            if (errors > 0) {
                System.err.println("LoadGenerator: " + errors + " requests failed");
                System.exit(1);
            }
        }

        /** The mixed 80/20 load window after window; exits 1 when any request failed. */
        void soak() throws Exception {
            int minutes = options.intValue("minutes", 30);
            Duration window = Duration.ofSeconds(options.intValue("window", 60));
            int concurrency = options.intValue("concurrency", 8);
            AtomicLong queries = new AtomicLong();
            Map<String, Op> mixed = new LinkedHashMap<>();
            mixed.put("recall", () -> athena.call("recall", corpus.recallBody(queries.getAndIncrement(), memories, athena.project())));
            mixed.put("remember", () -> athena.call("remember", corpus.rememberBody(nextNew.getAndIncrement(), athena.project())));
            long windows = Math.max(1, Duration.ofMinutes(minutes).toNanos() / window.toNanos());
            System.out.printf(Locale.ROOT, "%6s %10s %10s %10s %12s %12s %10s %10s %8s%n", "minute", "recalls/s",
                    "recall p50", "recall p99", "remember p50", "remember p99", "Athena CPU", "PG CPU", "RSS MB");
            long errors = 0;
            for (long w = 0; w < windows; w++) {
                Result r = phase("soak", concurrency, window, Duration.ZERO, mixed, 1);
                errors += r.errors();
                Double rss = athenaPid > 0 ? Rss.of(athenaPid).residentMb() : null;
                Latency recall = r.latencies().get(0);
                Latency remember = r.latencies().get(1);
                System.out.printf(Locale.ROOT, "%6.1f %10.1f %10.2f %10.2f %12.2f %12.2f %10.2f %10.2f %8s%n",
                        (w + 1) * window.toSeconds() / 60.0, recall.count() / r.seconds(), recall.p50(), recall.p99(),
                        remember.p50(), remember.p99(), r.athenaCpuMs(), r.postgresCpuMs(), rss == null ? "-" : format(rss));
            }
            if (errors > 0) {
                System.err.println("LoadGenerator: " + errors + " requests failed");
                System.exit(1);
            }
        }

        /**
         * Runs the operations from {@code concurrency} threads for {@code length} after {@code settle} of unrecorded
         * calls. With several operations, 80% of the calls are the first and 20% the second.
         */
        private Result phase(String name, int concurrency, Duration length, Duration settle, Map<String, Op> ops,
                             int memoriesPerCall) throws Exception {
            List<String> names = new ArrayList<>(ops.keySet());
            AtomicLong reported = new AtomicLong();
            long settleEnd = System.nanoTime() + settle.toNanos();
            long end = settleEnd + length.toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            List<Future<Recorder>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    Recorder recorder = new Recorder(names);
                    SplittableRandom random = new SplittableRandom(worker * 7919L + name.hashCode());
                    while (true) {
                        long begin = System.nanoTime();
                        if (begin >= end) {
                            return recorder;
                        }
                        int op = names.size() == 1 || random.nextDouble() < 0.8 ? 0 : 1;
                        Athena.Answer answer = ops.get(names.get(op)).call();
                        long finished = System.nanoTime();
                        if (begin >= settleEnd) {
                            recorder.record(op, finished - begin, answer.status() == 200);
                            if (answer.status() != 200 && reported.incrementAndGet() <= 5) {
                                System.err.println("  " + names.get(op) + ": HTTP " + answer.status() + " " + answer.body());
                            }
                        }
                    }
                }));
            }
            long pause = settleEnd - System.nanoTime();
            if (pause > 0) {
                Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
            }
            Cpu before = Cpu.now(athenaPid, database);
            List<Recorder> recorders = new ArrayList<>();
            for (Future<Recorder> worker : workers) {
                recorders.add(worker.get());
            }
            pool.shutdown();
            Cpu used = Cpu.now(athenaPid, database).minus(before);
            Result result = Result.of(name, concurrency, length, names, recorders, memoriesPerCall, used);
            if (!name.equals("warm-up")) {
                System.err.printf(Locale.ROOT, "  %-22s c=%-3d %8.1f/s  p50 %.2f ms  p99 %.2f ms  CPU/request: Athena %.2f ms, PostgreSQL %.2f ms%n",
                        name, concurrency, result.throughput(), result.latencies().get(0).p50(), result.latencies().get(0).p99(),
                        result.athenaCpuMs(), result.postgresCpuMs());
            }
            return result;
        }
    }

    @FunctionalInterface
    interface Op {
        Athena.Answer call();
    }

    /** Latencies of one worker, per operation. */
    static final class Recorder {
        private final List<String> names;
        private final long[][] nanos;
        private final int[] counts;
        private long errors;

        Recorder(List<String> names) {
            this.names = names;
            this.nanos = new long[names.size()][1024];
            this.counts = new int[names.size()];
        }

        void record(int op, long latency, boolean ok) {
            if (!ok) {
                errors++;
            }
            if (counts[op] == nanos[op].length) {
                nanos[op] = Arrays.copyOf(nanos[op], nanos[op].length * 2);
            }
            nanos[op][counts[op]++] = latency;
        }

        long errors() {
            return errors;
        }
    }

    record Latency(String op, long count, double p50, double p95, double p99, double mean, double max) {

        static Latency of(String op, long[] sorted) {
            if (sorted.length == 0) {
                return new Latency(op, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
            return new Latency(op, sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99),
                    mean, sorted[sorted.length - 1] / 1e6);
        }

        /** Nearest-rank percentile, in milliseconds. */
        private static double percentile(long[] sorted, double p) {
            int rank = (int) Math.ceil(p * sorted.length);
            return sorted[Math.max(0, rank - 1)] / 1e6;
        }
    }

    record Result(String name, int concurrency, double seconds, long requests, long errors, double throughput,
                  double memoriesPerSecond, List<Latency> latencies, double athenaCpuMs, double postgresCpuMs,
                  double clientCpuMs) {

        static Result of(String name, int concurrency, Duration length, List<String> names, List<Recorder> recorders,
                         int memoriesPerCall, Cpu cpu) {
            List<Latency> latencies = new ArrayList<>();
            long requests = 0;
            long remembered = 0;
            for (int op = 0; op < names.size(); op++) {
                int total = 0;
                for (Recorder r : recorders) {
                    total += r.counts[op];
                }
                long[] all = new long[total];
                int at = 0;
                for (Recorder r : recorders) {
                    System.arraycopy(r.nanos[op], 0, all, at, r.counts[op]);
                    at += r.counts[op];
                }
                Arrays.sort(all);
                latencies.add(Latency.of(names.get(op), all));
                requests += total;
                if (names.get(op).startsWith("remember")) {
                    remembered += (long) total * memoriesPerCall;
                }
            }
            long errors = recorders.stream().mapToLong(Recorder::errors).sum();
            double seconds = length.toNanos() / 1e9;
            double perRequest = Math.max(requests, 1);
            return new Result(name, concurrency, seconds, requests, errors, requests / seconds, remembered / seconds, latencies,
                    cpu.athenaMs() / perRequest, cpu.postgresMs() / perRequest, cpu.clientMs() / perRequest);
        }
    }

    /** The table and the JSON of one run. */
    record Report(Options options, Properties load, List<Result> results, Double rssAfterRuns, Double rssPeak) {

        String table() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%nAthena benchmark: %,d memories, embedder %s, %d cores, Java %s, %s%n",
                    Integer.parseInt(load.getProperty("load.memories", "0")), options.value("embedder", "?"),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), LocalDate.now(ZoneOffset.UTC)));
            String rule = "-".repeat(126) + "\n";
            out.append(rule);
            out.append(String.format(Locale.ROOT, "%-30s %5s %9s %6s %10s %12s %9s %9s %9s %10s %10s%n",
                    "phase", "conc", "requests", "errors", "req/s", "memories/s", "p50 ms", "p95 ms", "p99 ms",
                    "Athena CPU", "PG CPU"));
            out.append(rule);
            out.append(String.format(Locale.ROOT, "%-30s %5s %9s %6s %10s %12.0f %9s %9s %9s %10s %10s%n",
                    "load: remember_batch (" + load.getProperty("load.batch") + ")", load.getProperty("load.concurrency"),
                    "", load.getProperty("load.errors"), "", Double.parseDouble(load.getProperty("load.memories_per_s", "0")),
                    "", "", "", perMemory(load.getProperty("load.athena_cpu_ms_per_memory")),
                    perMemory(load.getProperty("load.postgres_cpu_ms_per_memory"))));
            for (Result r : results) {
                for (int i = 0; i < r.latencies().size(); i++) {
                    Latency l = r.latencies().get(i);
                    String name = r.latencies().size() == 1 ? r.name() : r.name() + ": " + l.op();
                    boolean first = i == 0;
                    out.append(String.format(Locale.ROOT, "%-30s %5d %9d %6s %10s %12s %9.2f %9.2f %9.2f %10s %10s%n",
                            name, r.concurrency(), l.count(), first ? Long.toString(r.errors()) : "",
                            first ? String.format(Locale.ROOT, "%.1f", r.throughput()) : "",
                            first && r.memoriesPerSecond() > 0 ? String.format(Locale.ROOT, "%.0f", r.memoriesPerSecond()) : "",
                            l.p50(), l.p95(), l.p99(),
                            first ? String.format(Locale.ROOT, "%.2f ms", r.athenaCpuMs()) : "",
                            first ? String.format(Locale.ROOT, "%.2f ms", r.postgresCpuMs()) : ""));
                }
            }
            out.append(rule);
            out.append(String.format(Locale.ROOT, "start-up (process start to /health 200): %s ms%n", options.value("startup-ms", "?")));
            out.append(String.format(Locale.ROOT, "resident memory (VmRSS): %s MB after load, %s MB after the runs (peak %s MB)%n",
                    load.getProperty("rss_after_load_mb", "?"), rssAfterRuns == null ? "?" : format(rssAfterRuns),
                    rssPeak == null ? "?" : format(rssPeak)));
            out.append(String.format(Locale.ROOT, "load: %s memories in %s s: %s created, %s duplicates, %s pending embedding%n",
                    load.getProperty("load.memories"), load.getProperty("load.seconds"), load.getProperty("load.created"),
                    load.getProperty("load.duplicates"), load.getProperty("load.pending_embedding")));
            out.append(String.format(Locale.ROOT, "each phase: %s s measured after a warm-up; latency is per HTTP call, client side;%n"
                    + "CPU columns: CPU time per request of the Athena process and of the PostgreSQL backends of database %s%n",
                    options.value("duration", "15"), options.value("db", "?")));
            return out.toString();
        }

        private static String perMemory(String ms) {
            return ms == null ? "" : ms + " ms";
        }

        String json() {
            StringBuilder out = new StringBuilder("{\n");
            out.append("  \"date\": ").append(Json.string(LocalDate.now(ZoneOffset.UTC).toString())).append(",\n");
            out.append("  \"cores\": ").append(Runtime.getRuntime().availableProcessors()).append(",\n");
            out.append("  \"java\": ").append(Json.string(System.getProperty("java.version"))).append(",\n");
            out.append("  \"embedder\": ").append(Json.string(options.value("embedder", "?"))).append(",\n");
            out.append("  \"memories\": ").append(load.getProperty("load.memories", "0")).append(",\n");
            out.append("  \"startup_ms\": ").append(options.value("startup-ms", "null")).append(",\n");
            out.append("  \"rss_mb\": {\"after_load\": ").append(load.getProperty("rss_after_load_mb", "null"))
                    .append(", \"after_runs\": ").append(rssAfterRuns == null ? "null" : format(rssAfterRuns))
                    .append(", \"peak\": ").append(rssPeak == null ? "null" : format(rssPeak)).append("},\n");
            out.append("  \"load\": {\"batch\": ").append(load.getProperty("load.batch")).append(", \"concurrency\": ")
                    .append(load.getProperty("load.concurrency")).append(", \"seconds\": ").append(load.getProperty("load.seconds"))
                    .append(", \"memories_per_s\": ").append(load.getProperty("load.memories_per_s"))
                    .append(", \"created\": ").append(load.getProperty("load.created"))
                    .append(", \"duplicates\": ").append(load.getProperty("load.duplicates"))
                    .append(", \"pending_embedding\": ").append(load.getProperty("load.pending_embedding"))
                    .append(", \"cpu_ms_per_memory\": {\"athena\": ").append(load.getProperty("load.athena_cpu_ms_per_memory", "null"))
                    .append(", \"postgres\": ").append(load.getProperty("load.postgres_cpu_ms_per_memory", "null")).append("}")
                    .append(", \"errors\": ").append(load.getProperty("load.errors")).append("},\n");
            out.append("  \"phases\": [\n");
            for (int p = 0; p < results.size(); p++) {
                Result r = results.get(p);
                out.append("    {\"name\": ").append(Json.string(r.name())).append(", \"concurrency\": ").append(r.concurrency())
                        .append(", \"seconds\": ").append(format(r.seconds())).append(", \"requests\": ").append(r.requests())
                        .append(", \"errors\": ").append(r.errors()).append(", \"requests_per_s\": ").append(format(r.throughput()))
                        .append(", \"memories_per_s\": ").append(format(r.memoriesPerSecond()))
                        .append(", \"cpu_ms_per_request\": {\"athena\": ").append(format(r.athenaCpuMs()))
                        .append(", \"postgres\": ").append(format(r.postgresCpuMs()))
                        .append(", \"client\": ").append(format(r.clientCpuMs())).append("}")
                        .append(", \"latency_ms\": {");
                for (int i = 0; i < r.latencies().size(); i++) {
                    Latency l = r.latencies().get(i);
                    out.append(i == 0 ? "" : ", ").append(Json.string(l.op())).append(": {\"count\": ").append(l.count())
                            .append(", \"p50\": ").append(format(l.p50())).append(", \"p95\": ").append(format(l.p95()))
                            .append(", \"p99\": ").append(format(l.p99())).append(", \"mean\": ").append(format(l.mean()))
                            .append(", \"max\": ").append(format(l.max())).append("}");
                }
                out.append("}}").append(p < results.size() - 1 ? "," : "").append("\n");
            }
            out.append("  ]\n}\n");
            return out.toString();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // HTTP

    /** Calls Athena's tools over REST with keep-alive connections. */
    static final class Athena {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final String project;

        record Answer(int status, String body) {
        }

        Athena(String base, String project) {
            this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            this.project = project;
        }

        String project() {
            return project;
        }

        Answer call(String tool, String body) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/tools/" + tool + "/execute"))
                    .timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Answer(response.statusCode(), response.body());
            } catch (IOException e) {
                return new Answer(-1, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer(-1, "interrupted");
            }
        }
    }

    /** VmRSS and VmHWM of a process, from /proc. */
    record Rss(double residentMb, double peakMb) {

        static Rss of(long pid) {
            try {
                double rss = Double.NaN;
                double hwm = Double.NaN;
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss = kilobytes(line) / 1024.0;
                    } else if (line.startsWith("VmHWM:")) {
                        hwm = kilobytes(line) / 1024.0;
                    }
                }
                return new Rss(rss, hwm);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the resident memory of process " + pid, e);
            }
        }

        private static long kilobytes(String line) {
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
    }

    /**
     * CPU time used by Athena, by the PostgreSQL backends of the benchmark database and by this generator, from /proc
     * (clock ticks of 1/100 s). On a machine shared with other work, CPU per request is the number that does not
     * depend on what else runs.
     */
    record Cpu(double athenaMs, double postgresMs, double clientMs, Map<String, Long> backendTicks) {

        static Cpu now(long athenaPid, String database) {
            Map<String, Long> backends = new HashMap<>();
            if (database != null) {
                try (var processes = Files.list(Path.of("/proc"))) {
                    for (Path process : (Iterable<Path>) processes::iterator) {
                        String name = process.getFileName().toString();
                        if (!name.chars().allMatch(Character::isDigit)) {
                            continue;
                        }
                        try {
                            String command = Files.readString(process.resolve("cmdline")).replace('\0', ' ');
                            if (command.startsWith("postgres: ") && command.contains(" " + database + " ")) {
                                backends.put(name, ticks(process));
                            }
                        } catch (IOException | RuntimeException gone) {
                            // the backend ended while we looked
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            double athena = 0;
            if (athenaPid > 0) {
                try {
                    athena = ticks(Path.of("/proc/" + athenaPid));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            double client = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
            long postgres = backends.values().stream().mapToLong(Long::longValue).sum();
            return new Cpu(athena * 10, postgres * 10.0, client, backends);
        }

        /**
         * The CPU used since {@code before}. PostgreSQL's is counted per backend: one that the pool closed in between
         * (Hikari recycles connections every 30 minutes) takes its ticks with it, and a plain difference of the sums
         * went negative in long runs; such a backend's last ticks are not counted, a new one counts from zero.
         */
        Cpu minus(Cpu before) {
            long postgres = 0;
            for (Map.Entry<String, Long> backend : backendTicks.entrySet()) {
                postgres += backend.getValue() - before.backendTicks.getOrDefault(backend.getKey(), 0L);
            }
            return new Cpu(athenaMs - before.athenaMs, postgres * 10.0, clientMs - before.clientMs, Map.of());
        }

        /** utime + stime, fields 14 and 15 of /proc/PID/stat, counted after the parenthesised command name. */
        private static long ticks(Path process) throws IOException {
            String stat = Files.readString(process.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The corpus

    /**
     * Agent and developer memories from templates: preferences, decisions, incidents, configuration, code review,
     * meetings, personal facts. Memory i is a pure function of (seed, i), so queries can be drawn from it again.
     */
    static final class Corpus {

        record Memory(String text, String type, List<String> tags, double importance, Instant occurredAt) {
        }

        record Template(String type, String tag, String text, List<String> questions) {
        }

        private static final Instant EPOCH = Instant.parse("2026-11-25T00:00:00Z");

        private static final String[] PEOPLE = words("""
                Alice Bob Carol Dmitri Elena Farid Grace Hiro Ines Jonas Kemal Lena Mateo Nadia Oskar Priya Quentin Rosa
                Sanjay Tomas Ulla Vikram Wanda Xavier Yuki Zofia Amara Bruno Chen Dalia Emil Fatima Gustav Hana Igor
                Julia Kwame Lucia Marek Noor Olga Pablo Rania Stefan Tariq Uma Viktor Wei Yara Zane Aiko Benedikt
                Camille Diego Esther Felix Giulia Hassan Irene Jamal Katya Leon Mina Nils Omar Paula Rafael Sofia Theo""");
        private static final String[] SERVICE_PARTS = words("""
                billing auth search ledger inventory checkout notification profile media report gateway scheduler ingest
                export pricing catalog shipping fraud session analytics""");
        private static final String[] SERVICE_KINDS = words("api service worker svc job");
        private static final String[] TECH = words("""
                PostgreSQL Redis Kafka RabbitMQ Elasticsearch nginx Envoy gRPC ClickHouse MongoDB Cassandra MySQL
                Memcached NATS Pulsar Flink Spark Airflow Vault Consul etcd ZooKeeper MinIO Prometheus""");
        private static final String[] LANGUAGES = words("Rust Go Kotlin Java Python TypeScript Elixir Scala Zig C# Swift Ruby Haskell OCaml");
        private static final String[] LIBRARIES = words("""
                jackson hibernate tokio serde axum django fastapi lodash react vite pytest junit mockito netty okhttp
                reqwest sqlx alembic celery pydantic zod prisma knex gson guava resilience4j micrometer""");
        private static final String[] REGIONS = words("eu-west-1 us-east-1 us-west-2 eu-central-1 ap-southeast-2 ap-northeast-1 sa-east-1 ca-central-1");
        private static final String[] ENVIRONMENTS = words("staging production canary dev qa sandbox preview");
        private static final String[] DAYS = words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday");
        private static final String[] MONTHS = words("January February March April May June July August September October November December");
        private static final String[] FEATURES = words("""
                rate-limiting dark-mode feature-flags blue-green-deploys schema-migrations single-sign-on audit-logging
                bulk-export webhooks search-suggestions two-factor-auth invoice-pdfs usage-metering data-retention
                offline-sync push-notifications multi-currency csv-import role-based-access canary-releases""");
        private static final String[] CLASS_PARTS = words("Order Invoice User Session Token Cache Retry Payment Account Report Ledger Webhook Quota Tenant");
        private static final String[] CLASS_KINDS = words("Service Repository Controller Handler Client Mapper Validator Scheduler Factory Listener");
        private static final String[] EXCEPTIONS = words("""
                IOException TimeoutException NullPointerException IllegalStateException SQLException
                ConcurrentModificationException DataIntegrityViolationException SocketTimeoutException""");
        private static final String[] TOOLS = words("Maven Gradle npm pnpm cargo poetry Bazel sbt");
        private static final String[] TEAMS = words("platform payments growth data mobile security infra search");
        private static final String[] CITIES = words("Berlin Lisbon Toronto Nairobi Osaka Warsaw Austin Bangalore Melbourne Oslo Lyon Seoul Lagos Dublin");
        private static final String[] FOODS = words("ramen falafel sushi pierogi tacos dumplings risotto pho shakshuka curry paella");
        private static final String[] ALLERGENS = words("peanuts shellfish gluten lactose sesame soy");
        private static final String[] CUSTOMERS = words("Acme Globex Initech Umbrella Hooli Vandelay Wonka Stark Wayne Tyrell Cyberdyne Soylent Gringotts Oscorp");
        private static final String[] PLANS = words("free starter team business enterprise");
        private static final String[] PROTOCOLS = words("gRPC REST GraphQL AMQP WebSockets");
        private static final String[] STORAGE = words("S3 Glacier GCS Azure-Blob MinIO");
        private static final String[] PAYMENT = words("card bank-transfer SEPA PayPal invoice");
        private static final String[] HOBBIES = words("bouldering chess sailing pottery running cycling baking photography birding");
        private static final String[] TIMEZONES = words("UTC CET EST PST IST JST AEST BRT");
        private static final String[] KEYS = words("ATH OPS WEB PAY DATA SEC MOB");

        private static final List<Template> TEMPLATES = List.of(
                t("fact", "preferences", "{P} prefers {LANG} for new services and wants {LIB} kept out of the {SVC} codebase.",
                        "Which language does {P} prefer for new services?", "{P} {LANG} {LIB}"),
                t("decision", "architecture", "Decided on {DAY}: {SVC} moves from {TECH} to {TECH2} before the {MONTH} release; {P} owns the migration.",
                        "What is {SVC} moving to before the {MONTH} release?", "{SVC} {TECH2} migration"),
                t("fact", "config", "{SVC} listens on port {PORT} in {ENV} and exposes its health check at /{FEATURE}/health.",
                        "Which port does {SVC} use in {ENV}?", "{SVC} port {PORT}"),
                t("context", "incident", "Incident {INC} in {REGION}: {SVC} answered 503 for {N} minutes after {TECH} ran out of connections; the pool had only {N2} slots.",
                        "What caused the 503 errors of {SVC} in {REGION}?", "{INC} {TECH} connections"),
                t("fact", "limits", "The rate limit of {SVC} is {N3} requests per minute per API key, raised from {N2} after {P} asked for it in {JIRA}.",
                        "How many requests per minute does {SVC} allow?", "{JIRA} rate limit {SVC}"),
                t("decision", "dependencies", "We pin {LIB} to {VER} in {SVC} because {VER2} broke {FEATURE} (see {PR}).",
                        "Why is {LIB} pinned in {SVC}?", "{LIB} {VER} {PR}"),
                t("pattern", "deploys", "When {SVC} deploys fail in {ENV}, it is usually the {TECH} migration lock; retrying after {N} seconds works.",
                        "What usually breaks {SVC} deployments in {ENV}?", "{SVC} deploy {TECH} lock"),
                t("fact", "people", "{P} is in {TZ} and on call for {SVC} every {DAY}; escalate to {P2} after {N} minutes.",
                        "Who is on call for {SVC} on {DAY}?", "{P} on call {SVC}"),
                t("context", "code-review", "Review of {PR} by {P}: {CLASS} in {FILE} swallows {EXC}; asked to rethrow it and add a test.",
                        "What did {P} find in the review of {PR}?", "{CLASS} {EXC} {PR}"),
                t("fact", "ci", "The {SVC} build takes {N} minutes on CI; caching the {TOOL} repository cut it down from {N4}.",
                        "How long does the {SVC} build take on CI?", "{SVC} build {TOOL} cache"),
                t("decision", "feature-flags", "Feature flag {FLAG} for {FEATURE} stays off in {ENV} until {P} signs off on {JIRA}.",
                        "When will {FEATURE} be enabled in {ENV}?", "{FLAG} {JIRA}"),
                t("fact", "infrastructure", "The {TECH} cluster behind {SVC} in {REGION} has {N5} nodes with {N6} GB of memory each.",
                        "How big is the {TECH} cluster of {SVC}?", "{TECH} {SVC} {REGION} nodes"),
                t("context", "testing", "Test {TEST} has been flaky on CI in about {PCT}% of runs since commit {SHA}; {P} suspects a race in {CLASS}.",
                        "Why is {TEST} flaky?", "{TEST} {SHA} flaky"),
                t("pattern", "communication", "{P} wants a short summary first and the details after, in at most {N3} words, and no meetings on {DAY}.",
                        "How does {P} like answers to be written?", "{P} summary words"),
                t("fact", "customers", "{CUSTOMER} on the {PLAN} plan reported that {FEATURE} times out after {N} seconds in {REGION}.",
                        "Which problem did {CUSTOMER} report?", "{CUSTOMER} {FEATURE} timeout"),
                t("decision", "retention", "Logs of {SVC} are kept {N3} days in {ENV}, then moved to {STORAGE}; agreed with {P} on {DATE}.",
                        "How long are the logs of {SVC} kept?", "{SVC} log retention {STORAGE}"),
                t("fact", "config", "The environment variable {ENVVAR} switches {FEATURE} in {SVC}; its default is {N2}.",
                        "Which environment variable controls {FEATURE} in {SVC}?", "{ENVVAR} {SVC}"),
                t("context", "standup", "Standup {DATE}: {P} is blocked on {JIRA} waiting for {P2}; {P3} finished the {TECH} upgrade to {VER}.",
                        "What is {P} blocked on?", "{JIRA} blocked {P2}"),
                t("fact", "architecture", "{SVC} calls {SVC2} over {PROTO} with a timeout of {N3} ms and {N5} retries.",
                        "What timeout does {SVC} use when calling {SVC2}?", "{SVC} {SVC2} {PROTO} timeout"),
                t("pattern", "troubleshooting", "The error '{EXC}: connection reset by peer' in {SVC} means the {TECH} credentials expired; rotate them with the {TOOL} task.",
                        "What does a connection reset in {SVC} mean?", "{SVC} {EXC} credentials"),
                t("decision", "roadmap", "{SVC2} will be split out of {SVC} in Q{Q}; {P} writes the design doc, review due {DATE}.",
                        "When will {SVC2} be split out of {SVC}?", "{SVC2} split design doc"),
                t("fact", "personal", "{P} loves {FOOD}, is allergic to {ALLERGEN} and spends weekends {HOBBY}.",
                        "What is {P} allergic to?", "{P} {ALLERGEN} {FOOD}"),
                t("context", "meeting", "Meeting with {P} and {P2} about {FEATURE}: ship it behind {FLAG} by {DATE}, with a budget of {N} engineer-days.",
                        "What was agreed about {FEATURE}?", "{FEATURE} {FLAG} budget"),
                t("fact", "database", "The {SVC} database runs {TECH} {VER} with {N3} GB of data; its largest table {TABLE} has {N4} million rows.",
                        "How large is the {SVC} database?", "{TABLE} {SVC} rows"),
                t("fact", "alerting", "Alert {ALERT} fires when the p99 latency of {SVC} stays above {N3} ms for {N} minutes and pages the {TEAM} team.",
                        "When does the latency alert of {SVC} fire?", "{ALERT} {SVC} p99"),
                t("decision", "dependencies", "Use {LIB} instead of {LIB2} for {FEATURE} in {SVC}: it is smaller and {P} already maintains it.",
                        "Which library do we use for {FEATURE} in {SVC}?", "{LIB} {LIB2} {FEATURE}"),
                t("context", "debugging", "Debugging {INC}: {SVC} leaks about {N3} MB per hour; the heap dump shows {CLASS} holding {N4} thousand entries.",
                        "Why does {SVC} leak memory?", "{INC} {CLASS} heap"),
                t("fact", "people", "{P} works from {CITY}, prefers meetings before {TIME} and reviews pull requests on {DAY} mornings.",
                        "Where does {P} work from?", "{P} {CITY} meetings"),
                t("pattern", "release", "Before merging to main the {TEAM} team runs {TOOL} verify and the {TEST} suite; a red build stops the {DAY} release train.",
                        "What does the {TEAM} team run before merging?", "{TEAM} {TOOL} {TEST}"),
                t("fact", "billing", "Invoice {INVOICE} for {CUSTOMER} came to {N3} EUR and was paid on {DATE} by {PAYMENT}.",
                        "How much was invoice {INVOICE}?", "{INVOICE} {CUSTOMER} EUR"));

        private final long seed;

        Corpus(long seed) {
            this.seed = seed;
        }

        private static Template t(String type, String tag, String text, String question, String keywords) {
            return new Template(type, tag, text, List.of(question, keywords));
        }

        private static String[] words(String list) {
            return list.strip().split("\\s+");
        }

        private SplittableRandom random(long index, long stream) {
            return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 31 + stream);
        }

        /** The slot values of memory i, drawn in a fixed order. */
        private Map<String, String> slots(long index) {
            SplittableRandom r = random(index, 0);
            Map<String, String> s = new HashMap<>(64);
            s.put("P", pick(r, PEOPLE));
            s.put("P2", pick(r, PEOPLE));
            s.put("P3", pick(r, PEOPLE));
            s.put("SVC", pick(r, SERVICE_PARTS) + "-" + pick(r, SERVICE_KINDS));
            s.put("SVC2", pick(r, SERVICE_PARTS) + "-" + pick(r, SERVICE_KINDS));
            s.put("TECH", pick(r, TECH));
            s.put("TECH2", pick(r, TECH));
            s.put("LANG", pick(r, LANGUAGES));
            s.put("LIB", pick(r, LIBRARIES));
            s.put("LIB2", pick(r, LIBRARIES));
            s.put("REGION", pick(r, REGIONS));
            s.put("ENV", pick(r, ENVIRONMENTS));
            s.put("DAY", pick(r, DAYS));
            s.put("MONTH", pick(r, MONTHS));
            s.put("FEATURE", pick(r, FEATURES));
            String classPart = pick(r, CLASS_PARTS);
            s.put("CLASS", classPart + pick(r, CLASS_KINDS));
            s.put("FILE", "src/main/java/com/example/" + classPart.toLowerCase(Locale.ROOT) + "/" + s.get("CLASS") + ".java");
            s.put("TEST", pick(r, CLASS_PARTS) + pick(r, CLASS_KINDS) + "Tests");
            s.put("EXC", pick(r, EXCEPTIONS));
            s.put("TOOL", pick(r, TOOLS));
            s.put("TEAM", pick(r, TEAMS));
            s.put("CITY", pick(r, CITIES));
            s.put("FOOD", pick(r, FOODS));
            s.put("ALLERGEN", pick(r, ALLERGENS));
            s.put("HOBBY", pick(r, HOBBIES));
            s.put("CUSTOMER", pick(r, CUSTOMERS) + " " + pick(r, words("GmbH Ltd Inc SA BV AB")));
            s.put("PLAN", pick(r, PLANS));
            s.put("PROTO", pick(r, PROTOCOLS));
            s.put("STORAGE", pick(r, STORAGE));
            s.put("PAYMENT", pick(r, PAYMENT));
            s.put("TZ", pick(r, TIMEZONES));
            s.put("PORT", Integer.toString(1024 + r.nextInt(60_000)));
            s.put("N", Integer.toString(2 + r.nextInt(58)));
            s.put("N2", Integer.toString(5 + r.nextInt(495)));
            s.put("N3", Integer.toString(50 + r.nextInt(4950)));
            s.put("N4", Integer.toString(10 + r.nextInt(990)));
            s.put("N5", Integer.toString(2 + r.nextInt(14)));
            s.put("N6", Integer.toString(8 << r.nextInt(5)));
            s.put("PCT", Integer.toString(1 + r.nextInt(30)));
            s.put("Q", Integer.toString(1 + r.nextInt(4)));
            s.put("INC", "INC-" + (1000 + r.nextInt(9000)));
            s.put("JIRA", pick(r, KEYS) + "-" + (100 + r.nextInt(9900)));
            s.put("PR", "PR #" + (100 + r.nextInt(19900)));
            s.put("SHA", Long.toHexString(0x1000000L + r.nextLong(0xF000000L)));
            s.put("VER", r.nextInt(1, 9) + "." + r.nextInt(30) + "." + r.nextInt(20));
            s.put("VER2", r.nextInt(1, 9) + "." + r.nextInt(30) + "." + r.nextInt(20));
            s.put("FLAG", s.get("FEATURE").replace('-', '_') + "_" + pick(r, words("v2 rollout beta enabled new")));
            s.put("ENVVAR", (s.get("SVC").replace('-', '_') + "_" + s.get("FEATURE").replace('-', '_')).toUpperCase(Locale.ROOT));
            s.put("TABLE", classPart.toLowerCase(Locale.ROOT) + "_" + pick(r, words("events items lines history snapshots")));
            s.put("ALERT", s.get("SVC").replace("-", "") + "LatencyHigh" + pick(r, words("P1 P2 P3")));
            s.put("INVOICE", "INV-" + (2024 + r.nextInt(3)) + "-" + (10_000 + r.nextInt(90_000)));
            s.put("TIME", (8 + r.nextInt(6)) + ":" + pick(r, words("00 15 30 45")));
            LocalDate date = LocalDate.of(2026, 1, 1).plusDays(r.nextInt(330));
            s.put("DATE", date.toString());
            return s;
        }

        private static final String[] SUFFIXES = {
                "", "", "", " {P2} confirmed it on {DATE}.", " Tracked in {JIRA}.", " Follow-up owner: {P3}.",
                " Noted during the {MONTH} retro.", " Same in {REGION}.", " See the runbook of the {TEAM} team.",
                " Raised again by {P2} in the {DAY} sync."};

        Memory memory(long index) {
            Map<String, String> s = slots(index);
            SplittableRandom r = random(index, 1);
            Template template = TEMPLATES.get(r.nextInt(TEMPLATES.size()));
            String text = fill(template.text(), s) + fill(SUFFIXES[r.nextInt(SUFFIXES.length)], s);
            List<String> tags = List.of(template.tag(), s.get("SVC"));
            double importance = Math.round((0.2 + r.nextDouble() * 0.7) * 100) / 100.0;
            Instant occurredAt = EPOCH.minusSeconds(r.nextLong(365L * 86_400));
            return new Memory(text, template.type(), tags, importance, occurredAt);
        }

        /** Query j: about a memory drawn from the first {@code memories}, either as a question or as keywords. */
        String query(long j, int memories) {
            SplittableRandom r = random(j, 2);
            long index = r.nextLong(memories);
            Map<String, String> s = slots(index);
            Template template = TEMPLATES.get(random(index, 1).nextInt(TEMPLATES.size()));
            return fill(template.questions().get(r.nextInt(2)), s);
        }

        private static String fill(String text, Map<String, String> slots) {
            if (text.indexOf('{') < 0) {
                return text;
            }
            StringBuilder out = new StringBuilder(text.length() + 64);
            int at = 0;
            while (true) {
                int open = text.indexOf('{', at);
                if (open < 0) {
                    return out.append(text, at, text.length()).toString();
                }
                int close = text.indexOf('}', open);
                out.append(text, at, open).append(slots.get(text.substring(open + 1, close)));
                at = close + 1;
            }
        }

        private static String pick(SplittableRandom r, String[] values) {
            return values[r.nextInt(values.length)];
        }

        String rememberBody(long index, String project) {
            StringBuilder out = new StringBuilder(512);
            item(out, memory(index));
            out.setLength(out.length() - 1);
            return out.append(", \"project\": ").append(Json.string(project)).append('}').toString();
        }

        String batchBody(long from, long to, String project) {
            StringBuilder out = new StringBuilder((int) (to - from) * 300 + 64);
            out.append("{\"project\": ").append(Json.string(project)).append(", \"items\": [");
            for (long i = from; i < to; i++) {
                if (i > from) {
                    out.append(',');
                }
                item(out, memory(i));
            }
            return out.append("]}").toString();
        }

        String recallBody(long j, int memories, String project) {
            return "{\"query\": " + Json.string(query(j, memories)) + ", \"k\": 5, \"project\": " + Json.string(project) + "}";
        }

        private static void item(StringBuilder out, Memory m) {
            out.append("{\"content\": ").append(Json.string(m.text()))
                    .append(", \"memory_type\": ").append(Json.string(m.type()))
                    .append(", \"tags\": [").append(Json.string(m.tags().get(0))).append(", ").append(Json.string(m.tags().get(1)))
                    .append("], \"importance\": ").append(m.importance())
                    .append(", \"occurred_at\": ").append(Json.string(m.occurredAt().toString())).append('}');
        }
    }

    static final class Json {
        static String string(String value) {
            StringBuilder out = new StringBuilder(value.length() + 2).append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Small helpers

    static long count(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    static String format(double value) {
        return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** {@code --name value} pairs. */
    record Options(Map<String, String> values) {

        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    usage("expected --name value, got '" + args[i] + "'");
                }
                values.put(args[i].substring(2), args[++i]);
            }
            return new Options(values);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        String value(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        String required(String name) {
            String value = values.get(name);
            if (value == null) {
                usage("--" + name + " is required");
            }
            return value;
        }

        int intValue(String name, int fallback) {
            try {
                return has(name) ? Integer.parseInt(values.get(name)) : fallback;
            } catch (NumberFormatException e) {
                usage("--" + name + " must be a whole number, was '" + values.get(name) + "'");
                return fallback;
            }
        }

        long longValue(String name, long fallback) {
            try {
                return has(name) ? Long.parseLong(values.get(name)) : fallback;
            } catch (NumberFormatException e) {
                usage("--" + name + " must be a whole number, was '" + values.get(name) + "'");
                return fallback;
            }
        }
    }
}
