package dev.athena.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.embedding.HashEmbeddingClient;
import dev.athena.embedding.OnnxEmbeddingClient;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The recall-versus-latency curve of the HNSW search at recall's own settings: for each
 * {@code athena.recall.ef-search-per-candidate}, the share of the exact nearest neighbours (a full scan over the
 * full-precision vectors) that the index search of recall's candidates finds, and its latency. Printed as a table.
 * {@code --graph pgvector} (the default) searches pgvector's index; {@code --graph gateway} builds the in-process
 * graphs from the database ({@link ProjectVectorIndex}, as {@code athena.recall.text-index.vectors} does) and times
 * their search alone, in this process.
 *
 * <pre>
 * java -cp CLASSPATH dev.athena.memory.HnswCurve --jdbc-url URL --project bench --queries FILE
 *      [--dimension 384] [--candidates 50] [--factors 1,1.5,2,3,4] [--rounds 3] [--embedder hash|onnx]
 *      [--graph pgvector|gateway]
 * </pre>
 */
public final class HnswCurve {

    private static double tie = 1e-6;

    private HnswCurve() {}

    public static void main(String[] args) throws Exception {
        DatabaseToolCommandLine options = DatabaseToolCommandLine.parse(args);
        String project = options.get("project", "bench");
        int dimension = options.intValue("dimension", 384);
        int candidates = options.intValue("candidates", 50);
        int rounds = options.intValue("rounds", 3);
        tie = Double.parseDouble(options.get("tie", "1e-6"));
        double[] factors = Arrays.stream(options.get("factors", "1,1.5,2,3,4").split(","))
                .mapToDouble(Double::parseDouble)
                .toArray();
        // The corpus's embedder: the hash stub of bench.sh's default, or the in-process model (bench.sh --embedder
        // onnx).
        EmbeddingClient embedder = options.get("embedder", "hash").equals("onnx")
                ? new OnnxEmbeddingClient()
                : new HashEmbeddingClient(dimension);
        List<float[]> vectors = options.queries().stream()
                .map(q -> embedder.embed(q, EmbeddingPurpose.QUERY).block())
                .toList();
        boolean inGateway = options.get("graph", "pgvector").equals("gateway");
        try (HikariDataSource dataSource = options.pool(1)) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            TextIndex graphs = new TextIndex();
            if (inGateway) {
                long started = System.nanoTime();
                TextIndex.Load load = new TextIndex.Load();
                PgSnapshot snapshot = new TextIndexChanges(jdbc, new DataSourceTransactionManager(dataSource), true)
                        .readAll(load::add);
                graphs.load(snapshot, load, Instant.now());
                System.err.printf(
                        Locale.ROOT,
                        "hnsw-curve: in-process graphs of %d memories built in %.1f s, about %.1f MB%n",
                        graphs.size(),
                        (System.nanoTime() - started) / 1e9,
                        graphs.vectorBytes() / 1048576.0);
            }
            System.err.println("hnsw-curve: exact nearest neighbours of " + vectors.size() + " queries (full scans)");
            // The exact similarity of the k-th and the 10th nearest: generated corpora hold many memories at the same
            // distance, so a result counts as found when it is at least as near as these (ties are not misses).
            List<double[]> exact = new ArrayList<>();
            for (float[] vector : vectors) {
                List<Double> similarities = jdbc.queryForList(
                        "SELECT 1 - (embedding <=> ?) FROM memories WHERE project = ? AND state = 'active'"
                                + " AND embedding IS NOT NULL ORDER BY embedding <=> ? LIMIT ?",
                        Double.class,
                        RecallQueries.vectorParameter(vector),
                        project,
                        RecallQueries.vectorParameter(vector),
                        candidates);
                exact.add(new double[] {
                    similarities.get(similarities.size() - 1), similarities.get(Math.min(10, similarities.size()) - 1)
                });
            }
            StringBuilder table = new StringBuilder("| ef-search-per-candidate | hnsw.ef_search | recall@" + candidates
                    + " | recall@10 | p50 ms | p99 ms |\n|---|---|---|---|---|---|\n");
            for (double factor : factors) {
                RecallProperties settings = new Binder(new MapConfigurationPropertySource(
                                Map.of("athena.recall.ef-search-per-candidate", Double.toString(factor))))
                        .bindOrCreate(RecallProperties.CONFIG_PREFIX, RecallProperties.class);
                RecallQueries store = new RecallQueries(jdbc, new VectorIndex(dimension), settings);
                double found = 0;
                double foundTop10 = 0;
                List<Double> latencies = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    for (int q = 0; q < vectors.size(); q++) {
                        long started = System.nanoTime();
                        List<Double> nearest;
                        if (inGateway) {
                            List<ProjectVectorIndex.VectorHit> hits = graphs.nearest(
                                            project,
                                            vectors.get(q),
                                            candidates,
                                            settings.efSearch(candidates),
                                            Instant.now())
                                    .orElseThrow();
                            latencies.add((System.nanoTime() - started) / 1e6);
                            // Ranked and scored by the exact similarity, as recall does with them.
                            nearest = round > 0
                                    ? List.of()
                                    : store
                                            .retrieve(project, vectors.get(q), hits, List.of(), RecallFilters.NONE)
                                            .nearest()
                                            .stream()
                                            .map(RecallQueries.Candidate::score)
                                            .toList();
                        } else {
                            nearest = store
                                    .nearest(
                                            project,
                                            vectors.get(q),
                                            RecallFilters.NONE,
                                            candidates,
                                            RecallQueries.VectorSearch.GRAPH)
                                    .stream()
                                    .map(RecallQueries.Candidate::score)
                                    .toList();
                            latencies.add((System.nanoTime() - started) / 1e6);
                        }
                        if (round == 0) {
                            double kth = exact.get(q)[0] - tie;
                            double tenth = exact.get(q)[1] - tie;
                            found += nearest.stream().filter(s -> s >= kth).count() / (double) candidates;
                            foundTop10 += nearest.subList(0, Math.min(10, nearest.size())).stream()
                                            .filter(s -> s >= tenth)
                                            .count()
                                    / 10.0;
                        }
                    }
                }
                // The first round warms the index's pages; latency is taken from the later rounds.
                double[] sorted = latencies.subList(rounds > 1 ? vectors.size() : 0, latencies.size()).stream()
                        .mapToDouble(Double::doubleValue)
                        .sorted()
                        .toArray();
                table.append(String.format(
                        Locale.ROOT,
                        "| %.1f | %d | %.3f | %.3f | %.2f | %.2f |%n",
                        factor,
                        (int) Math.min(1000, Math.max(40, Math.ceil(candidates * factor))),
                        found / vectors.size(),
                        foundTop10 / vectors.size(),
                        RecallFloor.percentile(sorted, 0.5),
                        RecallFloor.percentile(sorted, 0.99)));
            }
            System.out.print(table);
        }
    }
}
