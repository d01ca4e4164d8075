package dev.athena.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RecorderTests {

    private static final long MS = 1_000_000;

    @Test
    void percentilesAreNearestRankOverTheLatenciesOfEveryWorker() {
        Recorder odd = new Recorder(1);
        Recorder even = new Recorder(1);
        for (int ms = 100; ms >= 1; ms--) {
            (ms % 2 == 0 ? even : odd).record(0, ms * MS, true);
        }

        Latency latency = Latency.of("recall", Recorder.merge(List.of(odd, even), 0));

        assertThat(latency.count()).isEqualTo(100);
        assertThat(latency.p50()).isEqualTo(50.0);
        assertThat(latency.p95()).isEqualTo(95.0);
        assertThat(latency.p99()).isEqualTo(99.0);
        assertThat(latency.max()).isEqualTo(100.0);
        assertThat(latency.mean()).isCloseTo(50.5, within(1e-9));
    }

    @Test
    void aPercentileIsTheSmallestLatencyThatAtLeastThatShareDidNotExceed() {
        long[] sorted = {1 * MS, 2 * MS, 3 * MS};

        assertThat(Latency.percentile(sorted, 0.50)).isEqualTo(2.0);
        assertThat(Latency.percentile(sorted, 0.99)).isEqualTo(3.0);
        assertThat(Latency.percentile(new long[] {7 * MS}, 0.01)).isEqualTo(7.0);
    }

    @Test
    void keepsEveryLatencyPastItsInitialCapacityAndCountsErrorsPerOperation() {
        Recorder recorder = new Recorder(2);
        for (int i = 0; i < 5_000; i++) {
            recorder.record(0, i, i % 1000 != 0);
        }
        recorder.record(1, 42, false);

        assertThat(Recorder.merge(List.of(recorder), 0))
                .hasSize(5_000)
                .startsWith(0, 1, 2)
                .endsWith(4_999);
        assertThat(Recorder.merge(List.of(recorder), 1)).containsExactly(42);
        assertThat(recorder.errors()).isEqualTo(6);
    }

    @Test
    void anOperationNeverCalledHasNoLatency() {
        Latency none = Latency.of("remember", Recorder.merge(List.of(new Recorder(1)), 0));

        assertThat(none.count()).isZero();
        assertThat(none.p50()).isNaN();
    }

    @Test
    void aPhaseResultCountsRequestsErrorsAndTheMemoriesOfRememberCalls() {
        Recorder worker = new Recorder(2);
        for (int i = 0; i < 8; i++) {
            worker.record(0, 5 * MS, true);
        }
        worker.record(1, 9 * MS, true);
        worker.record(1, 9 * MS, false);

        PhaseResult result = PhaseResult.of(
                "mixed 80/20",
                8,
                Duration.ofSeconds(2),
                List.of("recall", "remember"),
                List.of(worker),
                1,
                new CpuTime(20, 40, 10, Map.of()));

        assertThat(result.requests()).isEqualTo(10);
        assertThat(result.errors()).isEqualTo(1);
        assertThat(result.throughput()).isEqualTo(5.0);
        assertThat(result.memoriesPerSecond()).isEqualTo(1.0);
        assertThat(result.athenaCpuMs()).isEqualTo(2.0);
        assertThat(result.postgresCpuMs()).isEqualTo(4.0);
        assertThat(result.latency("remember").count()).isEqualTo(2);
    }
}
