package dev.athena.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * What {@code load} measured, kept in a properties file for {@code measure} (a later process: bench.sh may analyze the
 * table in between, or reuse the load of an earlier run). bench.sh reads {@code load.memories} from it. The
 * resident-memory fields are NaN when Athena's pid was not given.
 */
record LoadState(
        int memories,
        double seconds,
        double memoriesPerSecond,
        long created,
        long duplicates,
        long pendingEmbedding,
        long errors,
        int batch,
        int concurrency,
        double athenaCpuMsPerMemory,
        double postgresCpuMsPerMemory,
        double rssAfterLoadMb,
        double rssPeakAfterLoadMb) {

    private static final String NEXT_NEW_MEMORY = "measure.next_new_memory";

    void store(Path file) throws IOException {
        Properties state = new Properties();
        state.setProperty("load.athena_cpu_ms_per_memory", format(athenaCpuMsPerMemory));
        state.setProperty("load.postgres_cpu_ms_per_memory", format(postgresCpuMsPerMemory));
        state.setProperty("load.memories", Integer.toString(memories));
        state.setProperty("load.seconds", format(seconds));
        state.setProperty("load.memories_per_s", format(memoriesPerSecond));
        state.setProperty("load.created", Long.toString(created));
        state.setProperty("load.duplicates", Long.toString(duplicates));
        state.setProperty("load.pending_embedding", Long.toString(pendingEmbedding));
        state.setProperty("load.errors", Long.toString(errors));
        state.setProperty("load.batch", Integer.toString(batch));
        state.setProperty("load.concurrency", Integer.toString(concurrency));
        if (!Double.isNaN(rssAfterLoadMb)) {
            state.setProperty("rss_after_load_mb", format(rssAfterLoadMb));
            state.setProperty("rss_peak_after_load_mb", format(rssPeakAfterLoadMb));
        }
        try (Writer out = Files.newBufferedWriter(file)) {
            state.store(out, "athena-bench load");
        }
    }

    static LoadState read(Path file) throws IOException {
        Properties state = properties(file);
        return new LoadState(
                Integer.parseInt(state.getProperty("load.memories", "0")),
                number(state, "load.seconds"),
                number(state, "load.memories_per_s"),
                whole(state, "load.created"),
                whole(state, "load.duplicates"),
                whole(state, "load.pending_embedding"),
                whole(state, "load.errors"),
                (int) whole(state, "load.batch"),
                (int) whole(state, "load.concurrency"),
                number(state, "load.athena_cpu_ms_per_memory"),
                number(state, "load.postgres_cpu_ms_per_memory"),
                number(state, "rss_after_load_mb"),
                number(state, "rss_peak_after_load_mb"));
    }

    /**
     * Where the new memories of a measure run over this load start: after those the previous runs stored (a
     * {@code --reuse-load} run measures on the database they left), so that its writes are new memories, not exact
     * duplicates answered without an insert.
     */
    static long firstNewMemory(Path file, int memories) throws IOException {
        String stored = properties(file).getProperty(NEXT_NEW_MEMORY);
        return stored == null ? Workload.firstNewMemory(memories) : Long.parseLong(stored);
    }

    /** Records where the next measure run's new memories start; a new load rewrites the file and starts afresh. */
    static void recordNextNewMemory(Path file, long next) throws IOException {
        Properties state = properties(file);
        state.setProperty(NEXT_NEW_MEMORY, Long.toString(next));
        try (Writer out = Files.newBufferedWriter(file)) {
            state.store(out, "athena-bench load");
        }
    }

    private static Properties properties(Path file) throws IOException {
        Properties state = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            state.load(in);
        }
        return state;
    }

    static String format(double value) {
        return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static double number(Properties state, String key) {
        String value = state.getProperty(key, "null");
        return value.equals("null") ? Double.NaN : Double.parseDouble(value);
    }

    private static long whole(Properties state, String key) {
        return Long.parseLong(state.getProperty(key, "0"));
    }
}
