package dev.athena.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.athena.bench.AthenaClient.Reply;

/**
 * Runs operations from a number of threads for a set time, each thread calling again as soon as an answer arrives (a
 * closed loop), after a settling time whose calls are not recorded. Each call picks its operation at random by weight:
 * measure's and soak's mixed load is recall 80, remember 20; the tool soak mixes six tools.
 */
final class PhaseRunner {

    static final String WARM_UP = "warm-up";
    private static final int SHOWN_ERRORS = 5;

    private final CpuTime.Probe cpu;
    private final PrintStream progress;

    /** An operation and its share of the calls, relative to the other operations' weights. */
    record Weighted(String name, int weight, Operation operation) {}

    /** What the workers recorded, and the CPU used meanwhile. */
    record Recorded(List<Recorder> recorders, CpuTime cpu) {}

    PhaseRunner(CpuTime.Probe cpu, PrintStream progress) {
        this.cpu = cpu;
        this.progress = progress;
    }

    /** One operation, or two as 80% the first and 20% the second; prints a line unless it is a warm-up. */
    PhaseResult run(
            String name,
            int concurrency,
            Duration length,
            Duration settle,
            Map<String, Operation> operations,
            int memoriesPerCall)
            throws InterruptedException {
        List<Weighted> mix = new ArrayList<>();
        int[] weights = operations.size() == 2 ? new int[] {80, 20} : new int[] {1};
        if (operations.size() > 2) {
            throw new IllegalArgumentException("a phase runs one operation or an 80/20 mix of two");
        }
        operations.forEach((operation, call) -> mix.add(new Weighted(operation, weights[mix.size()], call)));
        Recorded recorded = record(name, concurrency, length, settle, mix);
        List<String> names = mix.stream().map(Weighted::name).toList();
        PhaseResult result =
                PhaseResult.of(name, concurrency, length, names, recorded.recorders(), memoriesPerCall, recorded.cpu());
        if (!name.equals(WARM_UP)) {
            progress.printf(
                    Locale.ROOT,
                    "  %-22s c=%-3d %8.1f/s  p50 %.2f ms  p99 %.2f ms  "
                            + "CPU/request: Athena %.2f ms, PostgreSQL %.2f ms%n",
                    name,
                    concurrency,
                    result.throughput(),
                    result.latencies().get(0).p50(),
                    result.latencies().get(0).p99(),
                    result.athenaCpuMs(),
                    result.postgresCpuMs());
        }
        return result;
    }

    /** Runs the weighted mix and returns each worker's recorder (operations numbered in the order of {@code mix}). */
    Recorded record(String name, int concurrency, Duration length, Duration settle, List<Weighted> mix)
            throws InterruptedException {
        if (mix.isEmpty()) {
            throw new IllegalArgumentException("a phase needs an operation");
        }
        int[] cumulative = new int[mix.size()];
        for (int i = 0, total = 0; i < mix.size(); i++) {
            total += mix.get(i).weight();
            cumulative[i] = total;
        }
        AtomicLong shownErrors = new AtomicLong();
        long settleEnd = System.nanoTime() + settle.toNanos();
        long end = settleEnd + length.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<Recorder>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                // A worker's mix is random but repeatable: seeded by the worker and the phase.
                SplittableRandom random = new SplittableRandom(w * 7919L + name.hashCode());
                workers.add(pool.submit(() -> work(mix, cumulative, random, settleEnd, end, shownErrors)));
            }
            long pause = settleEnd - System.nanoTime();
            if (pause > 0) {
                TimeUnit.NANOSECONDS.sleep(pause);
            }
            CpuTime before = cpu.now();
            List<Recorder> recorders = new ArrayList<>();
            for (Future<Recorder> worker : workers) {
                recorders.add(join(worker));
            }
            return new Recorded(recorders, cpu.now().minus(before));
        } finally {
            pool.shutdownNow();
        }
    }

    private Recorder work(
            List<Weighted> mix,
            int[] cumulative,
            SplittableRandom random,
            long settleEnd,
            long end,
            AtomicLong shownErrors) {
        Recorder recorder = new Recorder(mix.size());
        while (true) {
            long begin = System.nanoTime();
            if (begin >= end || Thread.currentThread().isInterrupted()) {
                return recorder;
            }
            int op = pick(cumulative, random);
            Reply<?> reply = mix.get(op).operation().call();
            long finished = System.nanoTime();
            if (begin >= settleEnd) {
                recorder.record(op, finished - begin, reply.ok());
                if (!reply.ok() && shownErrors.incrementAndGet() <= SHOWN_ERRORS) {
                    progress.println("  " + mix.get(op).name() + ": " + reply.problem());
                }
            }
        }
    }

    private static int pick(int[] cumulative, SplittableRandom random) {
        if (cumulative.length == 1) {
            return 0;
        }
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        int op = 0;
        while (op < cumulative.length - 1 && x >= cumulative[op]) {
            op++;
        }
        return op;
    }

    private static Recorder join(Future<Recorder> worker) throws InterruptedException {
        try {
            return worker.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load worker failed", e.getCause());
        }
    }
}
