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
 * Runs operations from a number of threads for a set time, each thread calling again as soon as an answer arrives
 * (a closed loop), after a settling time whose calls are not recorded. With two operations, 80% of the calls are the
 * first and 20% the second: the mixed load of measure and soak.
 */
final class PhaseRunner {

    static final String WARM_UP = "warm-up";
    private static final double FIRST_OPERATION_SHARE = 0.8;
    private static final int SHOWN_ERRORS = 5;

    private final CpuTime.Probe cpu;
    private final PrintStream progress;

    PhaseRunner(CpuTime.Probe cpu, PrintStream progress) {
        this.cpu = cpu;
        this.progress = progress;
    }

    PhaseResult run(String name, int concurrency, Duration length, Duration settle, Map<String, Operation> operations,
                    int memoriesPerCall) throws InterruptedException {
        if (operations.isEmpty() || operations.size() > 2) {
            throw new IllegalArgumentException("a phase runs one operation or an 80/20 mix of two");
        }
        List<String> names = new ArrayList<>(operations.keySet());
        List<Operation> calls = names.stream().map(operations::get).toList();
        AtomicLong shownErrors = new AtomicLong();
        long settleEnd = System.nanoTime() + settle.toNanos();
        long end = settleEnd + length.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<Recorder>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                // A worker's mix is random but repeatable: seeded by the worker and the phase.
                SplittableRandom random = new SplittableRandom(w * 7919L + name.hashCode());
                workers.add(pool.submit(() -> work(names, calls, random, settleEnd, end, shownErrors)));
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
            CpuTime used = cpu.now().minus(before);
            PhaseResult result = PhaseResult.of(name, concurrency, length, names, recorders, memoriesPerCall, used);
            if (!name.equals(WARM_UP)) {
                progress.printf(Locale.ROOT, "  %-22s c=%-3d %8.1f/s  p50 %.2f ms  p99 %.2f ms  "
                                + "CPU/request: Athena %.2f ms, PostgreSQL %.2f ms%n", name, concurrency,
                        result.throughput(), result.latencies().get(0).p50(), result.latencies().get(0).p99(),
                        result.athenaCpuMs(), result.postgresCpuMs());
            }
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    private Recorder work(List<String> names, List<Operation> calls, SplittableRandom random, long settleEnd,
                          long end, AtomicLong shownErrors) {
        Recorder recorder = new Recorder(names.size());
        while (true) {
            long begin = System.nanoTime();
            if (begin >= end || Thread.currentThread().isInterrupted()) {
                return recorder;
            }
            int op = calls.size() == 1 || random.nextDouble() < FIRST_OPERATION_SHARE ? 0 : 1;
            Reply<?> reply = calls.get(op).call();
            long finished = System.nanoTime();
            if (begin >= settleEnd) {
                recorder.record(op, finished - begin, reply.ok());
                if (!reply.ok() && shownErrors.incrementAndGet() <= SHOWN_ERRORS) {
                    progress.println("  " + names.get(op) + ": " + reply.problem());
                }
            }
        }
    }

    private static Recorder join(Future<Recorder> worker) throws InterruptedException {
        try {
            return worker.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load worker failed", e.getCause());
        }
    }
}
