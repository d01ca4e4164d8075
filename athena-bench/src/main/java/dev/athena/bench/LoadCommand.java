package dev.athena.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.athena.bench.AthenaClient.Reply;
import dev.athena.bench.Tools.RememberBatchAnswer;

/**
 * {@code load}: stores the first N memories of the corpus through {@code remember_batch} from a few threads, and
 * records the throughput, the answers' counts, the CPU per memory and Athena's resident memory in the state file.
 */
final class LoadCommand {

    private static final long PROGRESS_EVERY = 10_000;

    private final Options options;
    private final PrintStream err;

    LoadCommand(Options options, PrintStream err) {
        this.options = options;
        this.err = err;
    }

    int run() throws Exception {
        AthenaClient athena = new AthenaClient(options.required("url"), options.value("project", "bench"));
        Path stateFile = Path.of(options.required("state"));
        int memories = options.positiveInt("memories", 10_000);
        int batch = options.positiveInt("batch", 500);
        int concurrency = options.positiveInt("concurrency", 2);
        Workload workload = new Workload(athena, new Corpus(options.longValue("seed", 42)), memories);
        CpuTime.Probe cpu = new CpuTime.Probe(options.longValue("pid", 0), options.value("db", null));
        Counts counts = new Counts();
        AtomicLong next = new AtomicLong();
        CpuTime cpuBefore = cpu.now();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (long from = next.getAndAdd(batch); from < memories; from = next.getAndAdd(batch)) {
                        long to = Math.min(memories, from + batch);
                        store(workload, from, to, counts, memories, start);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                join(worker);
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuTime used = cpu.now().minus(cpuBefore);
        ResidentMemory rss = options.has("pid")
                ? ResidentMemory.of(options.longValue("pid", 0))
                : new ResidentMemory(Double.NaN, Double.NaN);
        new LoadState(
                        memories,
                        seconds,
                        memories / seconds,
                        counts.created.get(),
                        counts.duplicates.get(),
                        counts.pending.get(),
                        counts.errors.get(),
                        batch,
                        concurrency,
                        used.athenaMs() / memories,
                        used.postgresMs() / memories,
                        rss.residentMb(),
                        rss.peakMb())
                .store(stateFile);
        err.printf(
                Locale.ROOT,
                "  loaded %,d memories in %.1f s (%.0f/s): %,d created, %,d duplicates, %,d pending, "
                        + "%d failed batches%n",
                memories,
                seconds,
                memories / seconds,
                counts.created.get(),
                counts.duplicates.get(),
                counts.pending.get(),
                counts.errors.get());
        return counts.errors.get() > 0 ? 1 : 0;
    }

    private void store(Workload workload, long from, long to, Counts counts, int memories, long start) {
        Reply<RememberBatchAnswer> reply = workload.store(from, to);
        if (!reply.ok()) {
            counts.errors.incrementAndGet();
            err.println("remember_batch " + from + ".." + to + ": " + reply.problem());
            return;
        }
        counts.created.addAndGet(reply.answer().created());
        counts.duplicates.addAndGet(reply.answer().duplicates());
        counts.pending.addAndGet(reply.answer().pendingEmbedding());
        long stored = counts.done.addAndGet(to - from);
        if (stored % PROGRESS_EVERY < to - from) {
            err.printf(
                    Locale.ROOT,
                    "  loaded %,d of %,d memories (%.0f/s)%n",
                    stored,
                    memories,
                    stored / ((System.nanoTime() - start) / 1e9));
        }
    }

    private static void join(Future<?> worker) throws InterruptedException {
        try {
            worker.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load worker failed", e.getCause());
        }
    }

    /** What the answers counted, over all the workers. */
    private static final class Counts {
        final AtomicLong created = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong pending = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong done = new AtomicLong();
    }
}
