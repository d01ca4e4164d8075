package dev.athena.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class JitWarmUpTests {

    private static final Duration ROUND = Duration.ofSeconds(5);

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private final AtomicInteger roundsRun = new AtomicInteger();

    @Test
    void warmsUpUntilARoundCompilesForLessThanItsShareOfTheRound() throws InterruptedException {
        // 5 s rounds: settled below 250 ms of compiling. Rounds compile 4,000, 1,000, 300, then 200 ms.
        JitWarmUp warmUp = warmUp(0.0, 4_000.0, 5_000.0, 5_300.0, 5_500.0, 5_510.0);

        JitWarmUp.Outcome outcome = warmUp.run(roundsRun::incrementAndGet, ROUND, Duration.ofSeconds(300));

        assertThat(roundsRun).hasValue(4);
        assertThat(outcome).isEqualTo(new JitWarmUp.Outcome(4, Duration.ofSeconds(20), 200.0, true));
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .contains("warm-up round 1: recall 5 s, Athena's JIT compiled for 4000 ms")
                .contains("warm-up round 4: recall 5 s, Athena's JIT compiled for 200 ms (settled)");
    }

    @Test
    void stopsAtTheLongestWarmUpWhenTheCompilerNeverSettles() throws InterruptedException {
        JitWarmUp warmUp = warmUp(0.0, 1_000.0, 2_000.0, 3_000.0, 4_000.0, 5_000.0);

        JitWarmUp.Outcome outcome = warmUp.run(roundsRun::incrementAndGet, ROUND, Duration.ofSeconds(15));

        assertThat(roundsRun).hasValue(3);
        assertThat(outcome).isEqualTo(new JitWarmUp.Outcome(3, Duration.ofSeconds(15), 1_000.0, false));
    }

    @Test
    void runsOneRoundWhenTheCompilationTimeCannotBeRead() throws InterruptedException {
        JitWarmUp warmUp = warmUp((Double) null, null);

        JitWarmUp.Outcome outcome = warmUp.run(roundsRun::incrementAndGet, ROUND, Duration.ofSeconds(300));

        assertThat(roundsRun).hasValue(1);
        assertThat(outcome).isEqualTo(new JitWarmUp.Outcome(1, ROUND, null, false));
    }

    @Test
    void aWarmUpOfNoLengthRunsNoRound() throws InterruptedException {
        // A compiler that never settles: without the check, rounds of no length would never reach the longest warm-up.
        JitWarmUp warmUp = warmUp(0.0, 1_000.0, 2_000.0);

        JitWarmUp.Outcome outcome = warmUp.run(roundsRun::incrementAndGet, Duration.ZERO, Duration.ofSeconds(300));

        assertThat(roundsRun).hasValue(0);
        assertThat(outcome).isEqualTo(JitWarmUp.NONE);
    }

    private JitWarmUp warmUp(Double... compilationMs) {
        Deque<Double> readings = new ArrayDeque<>(Arrays.asList(compilationMs).stream()
                .map(ms -> ms == null ? Double.NaN : ms)
                .toList());
        return new JitWarmUp(
                () -> {
                    Double next = readings.poll();
                    return next == null || next.isNaN() ? null : next;
                },
                new PrintStream(progress, true, StandardCharsets.UTF_8));
    }
}
