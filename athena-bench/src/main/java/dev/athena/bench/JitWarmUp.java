package dev.athena.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Warms Athena up with recall until its JIT compiler has settled: round after round, until a round's compilation time
 * (Athena's {@code jvm.compilation.time}) is under {@link #SETTLED_SHARE} of the round's length, or the warm-up has
 * lasted {@code longest}.
 *
 * <p>A fixed warm-up of a few seconds measured the compiler, not recall: five seconds into recall, the C2 compiler
 * still took about half of Athena's CPU at concurrency 1 and a quarter at 8, and after a minute still a fifth; after
 * four minutes, 2 to 3 percent. Those CPU figures reached the table as Athena's cost per recall.
 */
final class JitWarmUp {

    /** Settled: compiling took under this share of a round's wall-clock time. */
    static final double SETTLED_SHARE = 0.05;

    /** Runs one round of the warm-up load; the round's length is the caller's. */
    @FunctionalInterface
    interface Round {
        void run() throws InterruptedException;
    }

    /** How the warm-up ended: rounds run, how long they took, and the last round's compilation time (null: unread). */
    record Outcome(int rounds, Duration length, Double lastRoundCompileMs, boolean settled) {}

    /** No warm-up: asked for with a warm-up of 0 s. */
    static final Outcome NONE = new Outcome(0, Duration.ZERO, null, false);

    private final Supplier<Double> compilationMs;
    private final PrintStream progress;

    /** {@code compilationMs}: Athena's accumulated compilation time in ms, or null when it cannot be read. */
    JitWarmUp(Supplier<Double> compilationMs, PrintStream progress) {
        this.compilationMs = compilationMs;
        this.progress = progress;
    }

    /**
     * Runs {@code round} (each {@code roundLength} long) until the compiler settles or {@code longest} has passed. When
     * the compilation time cannot be read, one round is run: the fixed warm-up of before.
     */
    Outcome run(Round round, Duration roundLength, Duration longest) throws InterruptedException {
        if (roundLength.isZero()) {
            return NONE;
        }
        Double before = compilationMs.get();
        int rounds = 0;
        Duration spent = Duration.ZERO;
        while (true) {
            round.run();
            rounds++;
            spent = spent.plus(roundLength);
            Double after = compilationMs.get();
            if (before == null || after == null) {
                return new Outcome(rounds, spent, null, false);
            }
            double compiled = after - before;
            boolean settled = compiled < SETTLED_SHARE * roundLength.toMillis();
            progress.printf(
                    Locale.ROOT,
                    "  warm-up round %d: recall %d s, Athena's JIT compiled for %.0f ms%s%n",
                    rounds,
                    roundLength.toSeconds(),
                    compiled,
                    settled ? " (settled)" : "");
            if (settled || spent.plus(roundLength).compareTo(longest) > 0) {
                return new Outcome(rounds, spent, compiled, settled);
            }
            before = after;
        }
    }
}
