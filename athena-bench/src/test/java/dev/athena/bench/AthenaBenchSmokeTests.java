package dev.athena.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load driver end to end against {@link StubAthena}: the requests have the documented JSON shape, the report counts
 * every measured call, and an answer of the wrong shape fails the run.
 */
class AthenaBenchSmokeTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path work;

    private StubAthena athena;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startStub() throws Exception {
        athena = new StubAthena();
    }

    @AfterEach
    void stopStub() {
        athena.close();
    }

    @Test
    void loadStoresTheCorpusInBatchesOfTheDocumentedShapeAndRecordsTheAnswersCounts() throws Exception {
        int status = bench(
                "load",
                "--url",
                athena.url(),
                "--memories",
                "1200",
                "--batch",
                "500",
                "--project",
                "smoke",
                "--state",
                work.resolve("load.properties").toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(athena.calls("remember_batch")).isEqualTo(3);
        JsonNode batch = athena.firstRequest("remember_batch");
        assertThat(fieldNames(batch)).containsExactly("project", "items");
        assertThat(batch.get("project").asString()).isEqualTo("smoke");
        assertThat(batch.get("items").size()).isEqualTo(500);
        JsonNode item = batch.get("items").get(0);
        assertThat(fieldNames(item)).containsExactly("content", "memory_type", "tags", "importance", "occurred_at");
        assertThat(item.get("tags").size()).isEqualTo(2);
        assertThat(item.get("importance").isNumber()).isTrue();
        assertThat(Instant.parse(item.get("occurred_at").asString())).isBefore(Instant.parse("2026-11-25T00:00:00Z"));
        LoadState state = LoadState.read(work.resolve("load.properties"));
        assertThat(state.memories()).isEqualTo(1200);
        assertThat(state.created()).isEqualTo(1197);
        assertThat(state.duplicates()).isEqualTo(3);
        assertThat(state.errors()).isZero();
        assertThat(Files.readAllLines(work.resolve("load.properties"))).contains("load.memories=1200");
    }

    @Test
    void measureWaitsForTheInProcessIndexBeforeItWarmsUp() throws Exception {
        Path state = loadAHundred();
        athena.loadIndexAfter(2);
        athena.resetCounts();

        int status = shortMeasure(state);

        assertThat(status).as(err.toString()).isZero();
        assertThat(athena.indexReadings()).as("two readings of 0, then the 1").isEqualTo(3);
        assertThat(err.toString()).contains("in-process index loaded after");
    }

    @Test
    void measureWithNoIndexWaitDoesNotAskForTheIndex() throws Exception {
        Path state = loadAHundred();
        // An index that is turned off reads 0 for ever; bench.sh --text-index database passes --index-wait 0.
        athena.loadIndexAfter(Integer.MAX_VALUE);

        int status = shortMeasure(state, "--index-wait", "0");

        assertThat(status).as(err.toString()).isZero();
        assertThat(athena.indexReadings()).isZero();
    }

    private Path loadAHundred() throws Exception {
        Path state = work.resolve("load.properties");
        assertThat(bench("load", "--url", athena.url(), "--memories", "100", "--state", state.toString()))
                .isZero();
        return state;
    }

    /** {@code measure} of the hundred memories, quarter-second phases, one-second warm-up rounds, no settling. */
    private int shortMeasure(Path state, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "measure",
                "--url",
                athena.url(),
                "--memories",
                "100",
                "--state",
                state.toString(),
                "--duration",
                "0.25",
                "--warmup",
                "1",
                "--warmup-max",
                "10",
                "--settle",
                "0",
                "--batch",
                "20",
                "--embedder",
                "hash"));
        args.addAll(List.of(more));
        return bench(args.toArray(String[]::new));
    }

    @Test
    void measureRunsEveryPhaseAndItsReportCountsEveryCallTheServerAnswered() throws Exception {
        Path state = work.resolve("load.properties");
        assertThat(bench("load", "--url", athena.url(), "--memories", "100", "--state", state.toString()))
                .isZero();
        athena.resetCounts();
        Path json = work.resolve("bench.json");

        // No warm-up and no settling, so that every call the stub answers is a measured one.
        int status = bench(
                "measure",
                "--url",
                athena.url(),
                "--memories",
                "100",
                "--state",
                state.toString(),
                "--duration",
                "0.25",
                "--warmup",
                "0",
                "--settle",
                "0",
                "--batch",
                "20",
                "--json",
                json.toString(),
                "--embedder",
                "hash",
                "--startup-ms",
                "1234");

        assertThat(status).as(err.toString()).isZero();
        JsonNode recall = athena.firstRequest("recall");
        assertThat(fieldNames(recall)).containsExactly("query", "k", "project");
        assertThat(recall.get("k").asInt()).isEqualTo(5);
        assertThat(recall.get("project").asString()).isEqualTo("bench");
        assertThat(fieldNames(athena.firstRequest("remember")))
                .containsExactly("content", "memory_type", "tags", "importance", "occurred_at", "project");
        JsonNode report = JSON.readTree(Files.readString(json));
        assertThat(report.get("phases"))
                .extracting(phase -> phase.get("name").asString() + " c="
                        + phase.get("concurrency").asInt())
                .containsExactly(
                        "recall c=1",
                        "recall c=8",
                        "recall c=32",
                        "remember c=8",
                        "remember_batch (20) c=2",
                        "mixed 80/20 c=8");
        assertThat(counted(report, "recall")).isEqualTo(athena.calls("recall")).isPositive();
        assertThat(counted(report, "remember"))
                .isEqualTo(athena.calls("remember"))
                .isPositive();
        assertThat(counted(report, "remember_batch"))
                .isEqualTo(athena.calls("remember_batch"))
                .isPositive();
        assertThat(report.get("phases"))
                .allSatisfy(phase -> assertThat(phase.get("errors").asInt()).isZero());
        assertThat(report.get("startup_ms").asLong()).isEqualTo(1234);
        assertThat(out.toString())
                .contains(
                        "Athena benchmark: 100 memories, embedder hash",
                        "2026-12-05",
                        "recall",
                        "mixed 80/20: remember",
                        "start-up (process start to /health 200): 1234 ms",
                        "JSON: " + json);
    }

    @Test
    void aSecondMeasureOverTheSameLoadRemembersNewMemoriesNotTheFirstRunsAgain() throws Exception {
        Path state = work.resolve("load.properties");
        assertThat(bench("load", "--url", athena.url(), "--memories", "100", "--state", state.toString()))
                .isZero();
        Set<String> loaded = athena.takeRememberedContents();
        String[] measure = {
            "measure",
            "--url",
            athena.url(),
            "--memories",
            "100",
            "--state",
            state.toString(),
            "--duration",
            "0.2",
            "--warmup",
            "0.1",
            "--settle",
            "0",
            "--batch",
            "20"
        };

        assertThat(bench(measure)).as(err.toString()).isZero();
        Set<String> firstRun = athena.takeRememberedContents();
        assertThat(bench(measure)).as(err.toString()).isZero();
        Set<String> secondRun = athena.takeRememberedContents();

        // A --reuse-load run measures on the database the previous runs left: repeating their writes would measure
        // exact-duplicate answers, not inserts.
        assertThat(firstRun).isNotEmpty().doesNotContainAnyElementsOf(loaded);
        assertThat(secondRun).isNotEmpty().doesNotContainAnyElementsOf(firstRun).doesNotContainAnyElementsOf(loaded);
        assertThat(LoadState.read(state).memories()).isEqualTo(100);

        assertThat(bench("load", "--url", athena.url(), "--memories", "100", "--state", state.toString()))
                .isZero();
        assertThat(LoadState.firstNewMemory(state, 100)).isEqualTo(Workload.firstNewMemory(100));
    }

    @Test
    void measureGivenTwoGatewaysSendsTheCallsToBothInTurn() throws Exception {
        Path state = work.resolve("load.properties");
        assertThat(bench("load", "--url", athena.url(), "--memories", "100", "--state", state.toString()))
                .isZero();
        athena.resetCounts();
        try (StubAthena second = new StubAthena()) {
            int status = bench(
                    "measure",
                    "--url",
                    athena.url() + "," + second.url(),
                    "--memories",
                    "100",
                    "--state",
                    state.toString(),
                    "--duration",
                    "0.25",
                    "--warmup",
                    "0",
                    "--settle",
                    "0",
                    "--batch",
                    "20");

            assertThat(status).as(err.toString()).isZero();
            long first = athena.calls("recall");
            assertThat(second.calls("recall")).isPositive();
            // Taken in turn by threads racing for the next turn: within a few calls of an even split.
            assertThat(Math.abs(first - second.calls("recall"))).isLessThanOrEqualTo(64);
        }
    }

    @Test
    void anAnswerWithoutTheDocumentedFieldsIsCountedAsAnErrorAndFailsTheRun() throws Exception {
        Path state = work.resolve("load.properties");
        assertThat(bench("load", "--url", athena.url(), "--memories", "10", "--state", state.toString()))
                .isZero();
        athena.answerRecallWith("{\"hits\":[],\"count\":0}");

        int status = bench(
                "measure",
                "--url",
                athena.url(),
                "--memories",
                "10",
                "--state",
                state.toString(),
                "--duration",
                "0.2",
                "--warmup",
                "0",
                "--settle",
                "0",
                "--json",
                work.resolve("b.json").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("recall: malformed answer {\"hits\":[]", "requests failed");
        JsonNode firstPhase = JSON.readTree(Files.readString(work.resolve("b.json")))
                .get("phases")
                .get(0);
        assertThat(firstPhase.get("errors").asLong())
                .isEqualTo(firstPhase.get("requests").asLong())
                .isPositive();
    }

    @Test
    void soakPrintsOneLineAWindowUnderItsHeader() throws Exception {
        int status = bench(
                "soak",
                "--url",
                athena.url(),
                "--memories",
                "100",
                "--minutes",
                "0.01",
                "--window",
                "0.3",
                "--concurrency",
                "2");

        assertThat(status).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(Report.soakHeader());
        assertThat(lines.get(2)).matches("\\s+0\\.0\\s+\\d+\\.\\d\\s+.*\\s+-");
        assertThat(athena.calls("recall"))
                .isGreaterThan(athena.calls("remember"))
                .isPositive();
    }

    @Test
    void badArgumentsEndWithStatusTwoAndNameTheOption() throws Exception {
        assertThat(bench("measure", "--url", athena.url(), "--state")).isEqualTo(2);
        assertThat(err.toString()).contains("expected --name value, got '--state'", "usage: athena-bench");
        err.reset();
        assertThat(bench("load", "--url", athena.url(), "--memories", "many", "--state", "x"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--memories must be a whole number, was 'many'");
        err.reset();
        assertThat(bench("bogus")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown command 'bogus'");
    }

    private int bench(String... args) throws Exception {
        return AthenaBench.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                CLOCK);
    }

    private static long counted(JsonNode report, String operation) {
        long total = 0;
        for (JsonNode phase : report.get("phases")) {
            total += phase.path("latency_ms").path(operation).path("count").asLong();
        }
        return total;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
