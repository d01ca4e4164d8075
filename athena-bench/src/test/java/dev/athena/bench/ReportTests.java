package dev.athena.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The table keeps the layout docs/benchmarks.md shows (expected-table.txt is what the former scripts/LoadGenerator.java
 * printed for the same numbers), and the JSON the field names RecallFloor and earlier runs' files use.
 */
class ReportTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final JitWarmUp.Outcome SETTLED = new JitWarmUp.Outcome(9, Duration.ofSeconds(45), 120.4, true);
    private static final Report.Run RUN =
            new Report.Run(LocalDate.parse("2026-12-05"), 2, "17.0.15", "hash", "9876", "15", "athena_bench", SETTLED);
    private static final LoadState LOAD =
            new LoadState(100_000, 142.86, 700.0, 99_990, 10, 0, 0, 500, 2, 0.45, 2.31, 410.5, 415.0);
    private static final List<PhaseResult> RESULTS = List.of(
            new PhaseResult(
                    "recall",
                    8,
                    15.0,
                    1575,
                    0,
                    105.0,
                    0,
                    List.of(new Latency("recall", 1575, 64.8, 150.25, 223.0, 70.1, 400.0)),
                    4.2,
                    11.05,
                    0.9),
            new PhaseResult(
                    "remember_batch (500)",
                    2,
                    15.0,
                    20,
                    1,
                    1.33,
                    666.67,
                    List.of(new Latency("remember_batch", 20, 1400.0, 1600.0, 1700.0, 1450.0, 1750.0)),
                    300.0,
                    900.0,
                    50.0),
            new PhaseResult(
                    "mixed 80/20",
                    8,
                    15.0,
                    1418,
                    0,
                    94.5,
                    18.9,
                    List.of(
                            new Latency("recall", 1134, 70.0, 160.0, 230.0, 75.0, 410.0),
                            new Latency("remember", 284, 20.0, 40.0, 60.0, 22.0, 90.0)),
                    3.9,
                    10.0,
                    0.8));

    private final Report report = new Report(RUN, LOAD, RESULTS, 421.3, 430.0);

    @Test
    void theTableHasTheLayoutOfTheRecordedRuns() throws IOException {
        assertThat(report.table()).isEqualTo(resource("expected-table.txt"));
    }

    @Test
    void unmeasuredValuesShowAsQuestionMarks() {
        LoadState withoutPid = new LoadState(10, 1.0, 10.0, 10, 0, 0, 0, 500, 2, 0, 0, Double.NaN, Double.NaN);
        Report.Run unknown = new Report.Run(LocalDate.parse("2026-12-05"), 2, "17", "?", "?", "15", "?", SETTLED);

        String table = new Report(unknown, withoutPid, List.of(), Double.NaN, Double.NaN).table();

        assertThat(table)
                .contains(
                        "start-up (process start to /health 200): ? ms",
                        "resident memory (VmRSS): ? MB after load, ? MB after the runs (peak ? MB)");
    }

    @Test
    void theJsonHasTheFieldsRecallFloorAndEarlierRunsUse() {
        JsonNode json = JSON.readTree(report.json());

        assertThat(json.get("date").asString()).isEqualTo("2026-12-05");
        assertThat(json.get("memories").asInt()).isEqualTo(100_000);
        assertThat(json.get("startup_ms").asLong()).isEqualTo(9876);
        assertThat(json.get("rss_mb").get("after_load").asDouble()).isEqualTo(410.5);
        assertThat(json.get("rss_mb").get("after_runs").asDouble()).isEqualTo(421.3);
        assertThat(json.get("load").get("memories_per_s").asDouble()).isEqualTo(700.0);
        assertThat(json.get("load").get("cpu_ms_per_memory").get("postgres").asDouble())
                .isEqualTo(2.31);
        assertThat(json.get("load").get("cpu_ms_per_memory").has("client")).isFalse();
        JsonNode recall = json.get("phases").get(0);
        assertThat(recall.get("name").asString()).isEqualTo("recall");
        assertThat(recall.get("concurrency").asInt()).isEqualTo(8);
        assertThat(recall.get("requests").asLong()).isEqualTo(1575);
        assertThat(recall.get("seconds").asDouble()).isEqualTo(15.0);
        assertThat(recall.get("latency_ms").get("recall").get("p50").asDouble()).isEqualTo(64.8);
        assertThat(recall.get("latency_ms").get("recall").get("p99").asDouble()).isEqualTo(223.0);
        assertThat(recall.get("cpu_ms_per_request").get("client").asDouble()).isEqualTo(0.9);
        JsonNode mixed = json.get("phases").get(2);
        assertThat(mixed.get("memories_per_s").asDouble()).isEqualTo(18.9);
        assertThat(mixed.get("latency_ms").propertyNames()).containsExactly("recall", "remember");
        JsonNode warmUp = json.get("warm_up");
        assertThat(warmUp.get("rounds").asInt()).isEqualTo(9);
        assertThat(warmUp.get("seconds").asLong()).isEqualTo(45);
        assertThat(warmUp.get("last_round_compile_ms").asDouble()).isEqualTo(120.4);
        assertThat(warmUp.get("jit_settled").asBoolean()).isTrue();
    }

    @Test
    void noWarmUpReadsAsNone() {
        Report.Run run = new Report.Run(LocalDate.parse("2026-12-05"), 2, "17", "?", "?", "15", "?", JitWarmUp.NONE);

        assertThat(new Report(run, LOAD, List.of(), Double.NaN, Double.NaN).table())
                .contains("warm-up: none\n");
    }

    @Test
    void aWarmUpThatCouldNotReadTheCompilerSaysSoInTheTableAndTheJson() {
        JitWarmUp.Outcome unread = new JitWarmUp.Outcome(1, Duration.ofSeconds(5), null, false);
        Report.Run run = new Report.Run(LocalDate.parse("2026-12-05"), 2, "17", "?", "?", "15", "?", unread);
        Report unreadReport = new Report(run, LOAD, List.of(), Double.NaN, Double.NaN);

        assertThat(unreadReport.table())
                .contains(
                        "warm-up: recall for 5 s in 1 rounds (Athena's JIT compilation time unreadable), then remember");
        assertThat(JSON.readTree(unreadReport.json())
                        .get("warm_up")
                        .get("last_round_compile_ms")
                        .isNull())
                .isTrue();
    }

    @Test
    void theJsonWritesNullForWhatWasNotMeasured() {
        LoadState withoutPid = new LoadState(10, 1.0, 10.0, 10, 0, 0, 0, 500, 2, 0, 0, Double.NaN, Double.NaN);
        Report.Run run = new Report.Run(LocalDate.parse("2026-12-05"), 2, "17", "?", "?", "15", "?", SETTLED);

        JsonNode json = JSON.readTree(new Report(run, withoutPid, List.of(), Double.NaN, Double.NaN).json());

        assertThat(json.get("startup_ms").isNull()).isTrue();
        assertThat(json.get("rss_mb").get("after_load").isNull()).isTrue();
        assertThat(json.get("rss_mb").get("peak").isNull()).isTrue();
    }

    @Test
    void aSoakLineShowsTheWindowsRecallAndRememberLatencyUnderTheHeader() {
        PhaseResult window = new PhaseResult(
                "soak",
                8,
                60.0,
                6000,
                0,
                100.0,
                20.0,
                List.of(
                        new Latency("recall", 4800, 61.9, 150.0, 210.0, 70.0, 400.0),
                        new Latency("remember", 1200, 57.3, 120.0, 181.0, 60.0, 300.0)),
                1.69,
                9.5,
                0.5);

        assertThat(Report.soakHeader())
                .isEqualTo("minute  recalls/s recall p50 recall p99 remember p50 remember p99 Athena CPU     PG "
                        + "CPU   RSS MB");
        assertThat(Report.soakLine(15.0, window, 422.3))
                .isEqualTo("  15.0       80.0      61.90     210.00        57.30       181.00       1.69       "
                        + "9.50   422.30");
        assertThat(Report.soakLine(1.0, window, Double.NaN)).endsWith(" -");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReportTests.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
