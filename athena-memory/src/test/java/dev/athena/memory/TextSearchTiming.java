package dev.athena.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The in-process BM25 search alone ({@link ProjectTextIndex#search}), one thread, no database: the benchmark's queries
 * over a project's index loaded from the database, each searched {@code --rounds} times (the first half warm the JIT
 * up). Prints the time per search and a checksum of the first round's hits (ids and scores), so that two versions of
 * the search can be compared for speed and for giving exactly the same answers.
 *
 * <pre>
 * java -cp "athena-memory/target/test-classes:athena-memory/target/classes:$(cat athena-memory/target/floor.classpath)" \
 *   dev.athena.memory.TextSearchTiming --jdbc-url jdbc:postgresql://127.0.0.1:5432/athena_bench --project bench \
 *   --queries target/bench/queries.txt [--rounds 60] [--limit 50]
 * </pre>
 */
final class TextSearchTiming {

    private TextSearchTiming() {}

    public static void main(String[] args) throws Exception {
        DatabaseToolCommandLine options = DatabaseToolCommandLine.parse(args);
        List<String> queries = options.queries();
        int rounds = options.intValue("rounds", 60);
        int limit = options.intValue("limit", 50);
        String project = options.get("project", "bench");
        RecallProperties settings = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate(RecallProperties.CONFIG_PREFIX, RecallProperties.class);
        try (HikariDataSource dataSource = options.pool(2)) {
            TextIndexChanges changes = new TextIndexChanges(
                    new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource), false);
            TextIndex index = new TextIndex();
            TextIndex.Load load = new TextIndex.Load();
            PgSnapshot snapshot = changes.readAll(load::add);
            index.load(snapshot, load, Instant.now());
            List<List<String>> lexemes = new ArrayList<>();
            for (String query : queries) {
                lexemes.add(changes.lexemesAndChanges(query, snapshot).lexemes());
            }
            Instant now = Instant.now();
            long[] nanos = new long[rounds * queries.size()];
            long checksum = 0;
            int n = 0;
            for (int round = 0; round < rounds; round++) {
                for (List<String> queryLexemes : lexemes) {
                    long started = System.nanoTime();
                    List<TextHit> hits = index.search(
                                    project, queryLexemes, limit, settings.bm25K1(), settings.bm25B(), now)
                            .orElseThrow();
                    nanos[n++] = System.nanoTime() - started;
                    if (round == 0) {
                        for (TextHit hit : hits) {
                            checksum = checksum * 31 + hit.id().hashCode() + Double.hashCode(hit.score());
                        }
                    }
                }
            }
            long[] measured = Arrays.copyOfRange(nanos, nanos.length / 2, nanos.length);
            Arrays.sort(measured);
            System.out.printf(
                    Locale.ROOT,
                    "%,d memories, %d queries x %d rounds: search mean %.3f ms, p50 %.3f ms, p99 %.3f ms, max %.3f ms;"
                            + " hits checksum %x%n",
                    index.activeMemories(project).orElse(0),
                    queries.size(),
                    rounds,
                    Arrays.stream(measured).average().orElse(0) / 1e6,
                    measured[measured.length / 2] / 1e6,
                    measured[(int) (measured.length * 0.99)] / 1e6,
                    measured[measured.length - 1] / 1e6,
                    checksum);
        }
    }
}
