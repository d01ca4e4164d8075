package dev.athena.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.embedding.HashEmbeddingClient;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database floor of recall: the statements one {@code recall} sends to PostgreSQL, issued by Athena's own
 * {@link RecallQueries} and {@link TextIndexChanges} over JDBC with the same parameters as the default settings, with
 * no HTTP, no JSON and no fusion between them. What recall costs above this is Athena's own work. With the in-process
 * BM25 index (the default) those statements are the query's lexemes read with the change log, then the nearest
 * neighbours and the index's hits in one round trip, then the conversation-context successors (and the search within a
 * time the query names); the index's own search is Athena's work, so the floor computes each query's hits once, before
 * it measures. With {@code --text-index database} they are the nearest neighbours and the SQL BM25 in one round trip,
 * then the successors.
 *
 * <p>Run by {@code scripts/bench.sh} after its HTTP phases, on the same database and the same queries; with the HTTP
 * results ({@code --athena-json}) it prints Athena's latency as a multiple of the floor. It lives with the tests of the
 * memory module because it drives the package's store directly.
 *
 * <pre>
 * java -cp CLASSPATH dev.athena.memory.RecallFloor --jdbc-url URL [--user athena] [--password athena]
 *      --project bench --queries FILE [--dimension 384] [--duration 10] [--warmup 3] [--concurrency 1,8]
 *      [--text-index in-process|database] [--athena-json FILE]
 * </pre>
 */
public final class RecallFloor {

    /** The recall the HTTP benchmark issues: {@code k} 5, so the default candidate pool (50). */
    static final int K = 5;

    private final RecallQueries store;
    private final TextIndexChanges changes;
    private final boolean inProcessIndex;
    private final PgSnapshot indexSnapshot;
    private final TextIndex index = new TextIndex();
    private final Map<String, List<String>> lexemes = new HashMap<>();
    private final RecallProperties settings;
    private final String project;
    private final List<Query> queries;
    private final int pool;
    private final RecallQueries.VectorSearch vectorSearch;

    record Query(String text, float[] vector, Optional<QueryTime> time, List<TextHit> hits) {}

    /** Latencies of one phase, in milliseconds, and its throughput. */
    record Phase(String name, int concurrency, long requests, double seconds, double p50, double p99) {
        double perSecond() {
            return requests / seconds;
        }
    }

    RecallFloor(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            int dimension,
            String project,
            List<String> queryTexts,
            boolean inProcessIndex) {
        HashEmbeddingClient embedder = new HashEmbeddingClient(dimension);
        this.settings = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate(RecallProperties.CONFIG_PREFIX, RecallProperties.class);
        this.store = new RecallQueries(jdbc, new VectorIndex(dimension), settings);
        this.changes = new TextIndexChanges(jdbc, transactions, false);
        this.inProcessIndex = inProcessIndex;
        this.project = project;
        this.pool = Math.max(settings.candidates(), K);
        Instant now = Instant.now();
        long heapBefore = usedHeapAfterGc();
        long loadStarted = System.nanoTime();
        TextIndex.Load load = new TextIndex.Load();
        this.indexSnapshot = inProcessIndex ? changes.readAll(load::add) : null;
        if (inProcessIndex) {
            index.load(indexSnapshot, load, now);
            System.err.printf(
                    Locale.ROOT,
                    "floor: in-process BM25 index of %,d memories loaded in %d ms, %.1f MB of heap%n",
                    index.size(),
                    (System.nanoTime() - loadStarted) / 1_000_000,
                    (usedHeapAfterGc() - heapBefore) / 1e6);
        }
        // As recall chooses: an exact search for a project the in-process index counts as small.
        this.vectorSearch = inProcessIndex && index.activeMemories(project).orElseThrow() < settings.exactSearchBelow()
                ? RecallQueries.VectorSearch.EXACT
                : RecallQueries.VectorSearch.GRAPH;
        this.queries = queryTexts.stream()
                .map(text -> new Query(
                        text,
                        embedder.embed(text, EmbeddingPurpose.QUERY).block(),
                        settings.timeWeight() > 0 ? QueryTime.read(text, now) : Optional.empty(),
                        inProcessIndex ? hits(text) : List.of()))
                .toList();
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("no queries");
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private List<TextHit> hits(String text) {
        List<String> queryLexemes =
                changes.lexemesAndChanges(text, indexSnapshot).lexemes();
        lexemes.put(text, queryLexemes);
        return index.search(project, queryLexemes, pool, settings.bm25K1(), settings.bm25B(), Instant.now())
                .orElseThrow();
    }

    /** Both retrievers' statements: with the in-process index, the change-log read and then one round trip. */
    private RecallQueries.Retrieval retrieve(Query query) {
        if (inProcessIndex) {
            changes.lexemesAndChanges(query.text(), indexSnapshot);
            return store.retrieve(project, query.vector(), query.hits(), RecallFilters.NONE, pool, vectorSearch);
        }
        return store.retrieve(
                project,
                query.vector(),
                query.text(),
                RecallFilters.NONE,
                pool,
                Math.max(settings.textCandidateBudget(), pool),
                settings,
                vectorSearch);
    }

    /** The statements of one hybrid recall, in the order recall sends them; returns the candidates found. */
    int recall(Query query) {
        RecallQueries.Retrieval retrieval = retrieve(query);
        int found = retrieval.nearest().size() + retrieval.text().size();
        found += query.time()
                .map(t -> store.nearest(
                                project,
                                query.vector(),
                                RecallFilters.NONE.occurredWithin(t.from(), t.until()),
                                K,
                                vectorSearch)
                        .size())
                .orElse(0);
        found += store.successors(
                        project,
                        contextSources(retrieval),
                        query.vector(),
                        RecallFilters.NONE,
                        settings.contextWindow())
                .size();
        return found;
    }

    /**
     * As many sources as recall passes context from, taken from both retrievers' best (fusion decides which in recall).
     */
    private List<UUID> contextSources(RecallQueries.Retrieval retrieval) {
        Set<UUID> sources = new LinkedHashSet<>();
        int i = 0;
        while (sources.size() < settings.contextSources()
                && (i < retrieval.nearest().size() || i < retrieval.text().size())) {
            if (i < retrieval.nearest().size()) {
                sources.add(retrieval.nearest().get(i).id());
            }
            if (i < retrieval.text().size() && sources.size() < settings.contextSources()) {
                sources.add(retrieval.text().get(i).id());
            }
            i++;
        }
        return List.copyOf(sources);
    }

    /** The parts of one recall alone, for the breakdown of where the database time goes. */
    Map<String, Runnable> parts() {
        Map<String, Runnable> parts = new java.util.LinkedHashMap<>();
        AtomicLong next = new AtomicLong();
        String nearest = vectorSearch == RecallQueries.VectorSearch.GRAPH ? "HNSW" : "exact, the project's vectors";
        parts.put("nearest neighbours (" + nearest + ")", () -> {
            Query q = queries.get((int) (next.getAndIncrement() % queries.size()));
            store.retrieve(project, q.vector(), null, RecallFilters.NONE, pool, 0, settings, vectorSearch);
        });
        parts.put("BM25 candidates", () -> {
            Query q = queries.get((int) (next.getAndIncrement() % queries.size()));
            store.retrieve(
                    project,
                    null,
                    q.text(),
                    RecallFilters.NONE,
                    pool,
                    Math.max(settings.textCandidateBudget(), pool),
                    settings,
                    vectorSearch);
        });
        parts.put("BM25 candidates with their vector similarity", () -> {
            Query q = queries.get((int) (next.getAndIncrement() % queries.size()));
            store.fullTextBm25(
                    project,
                    q.text(),
                    q.vector(),
                    RecallFilters.NONE,
                    pool,
                    Math.max(settings.textCandidateBudget(), pool),
                    settings);
        });
        parts.put("both in one round trip (SQL BM25)", () -> {
            Query q = queries.get((int) (next.getAndIncrement() % queries.size()));
            store.retrieve(
                    project,
                    q.vector(),
                    q.text(),
                    RecallFilters.NONE,
                    pool,
                    Math.max(settings.textCandidateBudget(), pool),
                    settings,
                    vectorSearch);
        });
        if (inProcessIndex) {
            parts.put("lexemes and change-log read", () -> {
                Query q = queries.get((int) (next.getAndIncrement() % queries.size()));
                changes.lexemesAndChanges(q.text(), indexSnapshot);
            });
            parts.put("nearest neighbours and the index's hits in one round trip", () -> {
                Query q = queries.get((int) (next.getAndIncrement() % queries.size()));
                store.retrieve(project, q.vector(), q.hits(), RecallFilters.NONE, pool, vectorSearch);
            });
            // Not the database's time: the gateway's own CPU for the search, in this JVM, for the breakdown.
            parts.put("in-process BM25 search (gateway CPU, no database)", () -> {
                Query q = queries.get((int) (next.getAndIncrement() % queries.size()));
                index.search(project, lexemes.get(q.text()), pool, settings.bm25K1(), settings.bm25B(), Instant.now());
            });
        }
        // The sources each query would pass context from, found once, so that only the successor lookup is timed.
        List<List<UUID>> sources =
                queries.stream().map(q -> contextSources(retrieve(q))).toList();
        parts.put("conversation successors (" + settings.contextSources() + " sources)", () -> {
            int i = (int) (next.getAndIncrement() % queries.size());
            store.successors(
                    project, sources.get(i), queries.get(i).vector(), RecallFilters.NONE, settings.contextWindow());
        });
        return parts;
    }

    /** Runs {@code work} from {@code concurrency} threads for {@code length} after {@code warmup}; latencies in ms. */
    static Phase measure(String name, int concurrency, Duration warmup, Duration length, Runnable work)
            throws Exception {
        long warmupEnd = System.nanoTime() + warmup.toNanos();
        long end = warmupEnd + length.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<List<Double>>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(threads.submit(() -> {
                    List<Double> latencies = new ArrayList<>();
                    while (true) {
                        long started = System.nanoTime();
                        if (started >= end) {
                            return latencies;
                        }
                        work.run();
                        if (started >= warmupEnd) {
                            latencies.add((System.nanoTime() - started) / 1e6);
                        }
                    }
                }));
            }
            List<Double> all = new ArrayList<>();
            for (Future<List<Double>> worker : workers) {
                all.addAll(worker.get());
            }
            double[] sorted =
                    all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Phase(
                    name,
                    concurrency,
                    sorted.length,
                    length.toNanos() / 1e9,
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.99));
        } finally {
            threads.shutdownNow();
        }
    }

    static double percentile(double[] sorted, double share) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(share * sorted.length) - 1)];
    }

    /** Athena's recall phases from {@code LoadGenerator}'s JSON, by concurrency. */
    static Map<Integer, Phase> athenaRecall(Path json) throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(json));
        Map<Integer, Phase> phases = new HashMap<>();
        for (JsonNode phase : root.path("phases")) {
            if ("recall".equals(phase.path("name").asString())) {
                JsonNode latency = phase.path("latency_ms").path("recall");
                phases.put(
                        phase.path("concurrency").asInt(),
                        new Phase(
                                "Athena over HTTP",
                                phase.path("concurrency").asInt(),
                                phase.path("requests").asLong(),
                                phase.path("seconds").asDouble(),
                                latency.path("p50").asDouble(),
                                latency.path("p99").asDouble()));
            }
        }
        return phases;
    }

    static String table(List<Phase> floor, Map<Integer, Phase> athena, Map<String, Phase> parts) {
        StringBuilder out = new StringBuilder();
        out.append("| recall | concurrency | p50 ms | p99 ms | recalls/s | Athena p50 / floor p50 | floor "
                + "throughput / Athena's |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Phase f : floor) {
            Phase a = athena.get(f.concurrency());
            out.append(row(f, "", ""));
            if (a != null) {
                out.append(row(a, format(a.p50() / f.p50()) + "x", format(f.perSecond() / a.perSecond()) + "x"));
            }
        }
        out.append("\nDatabase time by statement (concurrency 1, each part alone):\n\n| part | p50 ms | p99 ms "
                + "|\n|---|---|---|\n");
        parts.forEach((name, p) -> out.append("| ")
                .append(name)
                .append(" | ")
                .append(format(p.p50()))
                .append(" | ")
                .append(format(p.p99()))
                .append(" |\n"));
        return out.toString();
    }

    private static String row(Phase p, String latencyMultiple, String throughputMultiple) {
        return "| " + p.name() + " | " + p.concurrency() + " | " + format(p.p50()) + " | " + format(p.p99()) + " | "
                + format(p.perSecond()) + " | " + latencyMultiple + " | " + throughputMultiple + " |\n";
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value);
    }

    public static void main(String[] args) throws Exception {
        DatabaseToolCommandLine options = DatabaseToolCommandLine.parse(args);
        List<String> queryTexts = options.queries();
        int[] concurrencies = Arrays.stream(options.get("concurrency", "1,8").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        Duration duration = Duration.ofSeconds(options.intValue("duration", 10));
        Duration warmup = Duration.ofSeconds(options.intValue("warmup", 3));
        try (HikariDataSource dataSource =
                options.pool(Arrays.stream(concurrencies).max().orElse(1))) {
            String textIndex = options.get("text-index", "in-process");
            if (!textIndex.equals("in-process") && !textIndex.equals("database")) {
                throw new IllegalArgumentException("--text-index must be in-process or database, was " + textIndex);
            }
            RecallFloor floor = new RecallFloor(
                    new JdbcTemplate(dataSource),
                    new DataSourceTransactionManager(dataSource),
                    options.intValue("dimension", 384),
                    options.required("project"),
                    queryTexts,
                    textIndex.equals("in-process"));
            AtomicLong next = new AtomicLong();
            List<Phase> phases = new ArrayList<>();
            for (int concurrency : concurrencies) {
                System.err.println("floor: recall's statements at concurrency " + concurrency);
                phases.add(measure(
                        "database floor (JDBC)",
                        concurrency,
                        warmup,
                        duration,
                        () -> floor.recall(floor.queries.get((int) (next.getAndIncrement() % floor.queries.size())))));
            }
            Map<String, Phase> parts = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, Runnable> part : floor.parts().entrySet()) {
                System.err.println("floor: " + part.getKey() + " alone");
                Phase measured = measure(part.getKey(), 1, warmup, duration, part.getValue());
                parts.put(part.getKey(), measured);
            }
            Map<Integer, Phase> athena =
                    options.has("athena-json") ? athenaRecall(Path.of(options.required("athena-json"))) : Map.of();
            System.out.println(table(phases, athena, parts));
        }
    }
}
