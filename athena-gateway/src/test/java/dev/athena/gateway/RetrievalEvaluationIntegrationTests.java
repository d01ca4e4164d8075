package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/eval-retrieval.sh} end to end against the running gateway: the shipped fixture is loaded into one
 * project per case and every metric comes out; the arithmetic is checked on a tiny fixture whose ranks are known;
 * malformed fixtures stop before anything is written, naming the line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RetrievalEvaluationIntegrationTests extends DatabaseIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> METRICS =
            List.of("recall_at_1", "recall_at_5", "recall_at_10", "hit_at_5", "mrr");

    private static List<JsonNode> fixtureCases;

    @LocalServerPort
    int port;

    @TempDir
    Path work;

    String url;

    @BeforeAll
    static void readFixture() throws IOException {
        fixtureCases = Files.readAllLines(EvaluationCommand.FIXTURE).stream()
                .filter(line -> !line.isBlank())
                .map(JSON::readTree)
                .toList();
    }

    @BeforeEach
    void gatewayUrl() {
        url = "http://localhost:" + port;
    }

    @Test
    void theFixtureIsLoadedIntoOneProjectPerCaseAndEveryMetricIsReported() throws IOException {
        Path out = work.resolve("results.json");

        var run = EvaluationCommand.run(
                work, EvaluationCommand.FIXTURE.toString(), "--url", url, "--json", out.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        Set<String> categories = new TreeSet<>();
        int queries = 0;
        for (JsonNode fixtureCase : fixtureCases) {
            fixtureCase
                    .get("queries")
                    .forEach(q -> categories.add(q.get("category").asString()));
            queries += fixtureCase.get("queries").size();
        }
        assertThat(run.stdout()).containsPattern("(?m)^overall\\s+" + queries + "\\s");
        categories.forEach(category -> assertThat(run.stdout()).containsPattern("(?m)^" + category + "\\s+\\d+\\s"));
        assertThat(run.stdout()).contains("memories/s", "p50", "p95", "p99", out.toString());

        JsonNode result = JSON.readTree(out.toFile());
        assertThat(result.get("by_category").propertyNames()).containsExactlyInAnyOrderElementsOf(categories);
        assertThat(result.get("overall").get("queries").asInt()).isEqualTo(queries);
        assertMetricsAreShares(result.get("overall"));
        result.get("by_category").values().forEach(RetrievalEvaluationIntegrationTests::assertMetricsAreShares);
        // A mapping slip between fixture keys and memory ids would drive these towards zero.
        assertThat(result.get("overall").get("recall_at_5").asDouble()).isGreaterThan(0.8);
        assertThat(result.get("ingest").get("memories_per_second").asDouble()).isPositive();
        JsonNode latency = result.get("latency_ms");
        assertThat(latency.get("count").asInt()).isEqualTo(queries);
        assertThat(latency.get("p50").asDouble())
                .isPositive()
                .isLessThanOrEqualTo(latency.get("p95").asDouble());
        assertThat(latency.get("p95").asDouble())
                .isLessThanOrEqualTo(latency.get("p99").asDouble());
        assertThat(result.get("queries").size()).isEqualTo(queries);

        Map<String, Long> expectedProjects = new LinkedHashMap<>();
        for (JsonNode caseRun : result.get("cases")) {
            String project = caseRun.get("project").asString();
            assertThat(project).startsWith("eval-" + caseRun.get("case").asString() + "-");
            expectedProjects.put(
                    project,
                    caseRun.get("memories").asLong() - caseRun.get("duplicates").asLong());
        }
        assertThat(expectedProjects).hasSize(fixtureCases.size());
        Map<String, Long> storedProjects = new LinkedHashMap<>();
        jdbc.query("SELECT project, count(*) AS n FROM memories GROUP BY project", rs -> {
            storedProjects.put(rs.getString("project"), rs.getLong("n"));
        });
        assertThat(storedProjects).isEqualTo(expectedProjects);
    }

    @Test
    void metricsFollowTheirDefinitionsOnKnownRanks() throws IOException {
        // Each query repeats a memory word for word, so that memory is ranked first whatever the recall mode.
        Path fixture = write("""
                {"case":"known ranks","memories":[{"key":"db","content":"The staging database runs PostgreSQL 16 on \
                port 5433","occurred_at":"2025-01-01T10:00:00Z"},{"key":"pnpm","content":"Maya prefers pnpm over npm \
                for the frontend","occurred_at":"2025-01-01T10:00:00Z"},{"key":"coffee","content":"The office espresso \
                machine was descaled on \
                Monday","occurred_at":"2025-01-01T10:00:00Z"},{"key":"pnpm-again","content":"Maya prefers pnpm over \
                npm for the frontend","occurred_at":"2025-01-01T10:00:00Z"}],"queries":[{"query":"The staging database \
                runs PostgreSQL 16 on port 5433","relevant":["db"],"category":"exact"},{"query":"The office espresso \
                machine was descaled on Monday","relevant":["coffee","db"],"category":"two-relevant"},{"query":"Maya \
                prefers pnpm over npm for the frontend","relevant":["pnpm-again"],"category":"duplicate-key"}]}
                """);

        var run = EvaluationCommand.run(work, fixture.toString(), "--url", url);

        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonNode result = JSON.readTree(work.resolve("eval-results.json").toFile());
        JsonNode byCategory = result.get("by_category");
        assertThat(byCategory.get("exact").get("recall_at_1").asDouble()).isEqualTo(1.0);
        assertThat(byCategory.get("exact").get("mrr").asDouble()).isEqualTo(1.0);
        // Half of the relevant memories at rank 1; with 3 distinct memories both are in the top 5 and top 10.
        assertThat(byCategory.get("two-relevant").get("recall_at_1").asDouble()).isEqualTo(0.5);
        assertThat(byCategory.get("two-relevant").get("recall_at_5").asDouble()).isEqualTo(1.0);
        assertThat(byCategory.get("two-relevant").get("hit_at_5").asDouble()).isEqualTo(1.0);
        // The repeated memory was stored once: its key stands for the surviving memory.
        assertThat(byCategory.get("duplicate-key").get("recall_at_1").asDouble())
                .isEqualTo(1.0);
        assertThat(result.get("cases").get(0).get("duplicates").asInt()).isEqualTo(1);
        assertThat(result.get("overall").get("recall_at_1").asDouble()).isCloseTo(2.5 / 3, within(1e-3));
        assertThat(result.get("overall").get("mrr").asDouble()).isEqualTo(1.0);
        assertThat(result.get("queries").get(1).get("retrieved"))
                .extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("coffee", "db", "pnpm");
        assertThat(count("SELECT count(*) FROM memories WHERE project LIKE 'eval-known-ranks-%'"))
                .isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad JSON                   | {"case":"broken","memories":[                                                 \
                                                    | 2 | invalid JSON
            missing queries            | {"case":"c2","memories":[{"key":"m1","content":"a"}]}                         \
                                                    | 2 | "queries" is required
            empty queries              | {"case":"c2","memories":[{"key":"m1","content":"a"}],"queries":[]}            \
                                                    | 2 | "queries" is required
            unknown relevant key       | \
            {"case":"c2","memories":[{"key":"m1","content":"a"}],"queries":[{"query":"q","relevant":["m9"]}]}          \
                       | 2 | relevant key "m9" is not a memory key
            duplicate memory key       | \
            {"case":"c2","memories":[{"key":"m1","content":"a"},{"key":"m1","content":"b"}],"queries":[{"query":"q","relevant":["m1"]}]} | 2 | duplicate memory key "m1"
            missing content            | \
            {"case":"c2","memories":[{"key":"m1"}],"queries":[{"query":"q","relevant":["m1"]}]}                        \
                       | 2 | "content" is required
            empty relevant             | \
            {"case":"c2","memories":[{"key":"m1","content":"a"}],"queries":[{"query":"q","relevant":[]}]}              \
                       | 2 | "relevant" is required
            repeated case name         | \
            {"case":"fine","memories":[{"key":"m1","content":"a"}],"queries":[{"query":"q","relevant":["m1"]}]}        \
                       | 2 | case "fine" is already defined on line 1
            """)
    void aMalformedFixtureStopsBeforeAnythingIsWrittenAndNamesTheLine(
            String problem, String secondLine, int line, String reason) throws IOException {
        Path fixture = write("""
                {"case":"fine","memories":[{"key":"m1","content":"a valid first \
                case"}],"queries":[{"query":"valid","relevant":["m1"]}]}
                """ + secondLine + "\n");

        var run = EvaluationCommand.run(work, fixture.toString(), "--url", url);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.stderr()).contains(fixture + ":" + line + ":", reason);
        assertThat(count("SELECT count(*) FROM memories")).isZero();
    }

    @Test
    void anErrorFromAthenaIsShownWithItsProblemDetailAndTheMemoryItConcerns() throws IOException {
        Path fixture = write("""
                {"case":"bad \
                type","memories":[{"key":"ok","content":"fine"},{"key":"gossip","content":"x","memory_type":"gossip"}],"queries":[{"query":"q","relevant":["ok"]}]}
                """);

        var run = EvaluationCommand.run(work, fixture.toString(), "--url", url);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.stderr())
                .contains(
                        "case \"bad type\" (line 1)",
                        "400",
                        "Invalid request",
                        "items[1].memory_type",
                        "memory \"gossip\"");
        assertThat(count("SELECT count(*) FROM memories")).isZero();
    }

    @Test
    void hybridRecallWithRerankingBeatsVectorAndFullTextAloneOnRecallAt5() throws IOException {
        double hybrid = recallAt5("--mode", "hybrid");
        double vector = recallAt5("--mode", "vector");
        double text = recallAt5("--mode", "text");

        assertThat(hybrid)
                .as("hybrid %s vs vector %s vs text %s", hybrid, vector, text)
                .isGreaterThan(vector)
                .isGreaterThan(text);
    }

    private double recallAt5(String... modeArguments) throws IOException {
        Path out = work.resolve("results-" + String.join("", modeArguments) + ".json");
        String[] arguments = new String[modeArguments.length + 5];
        arguments[0] = EvaluationCommand.FIXTURE.toString();
        System.arraycopy(modeArguments, 0, arguments, 1, modeArguments.length);
        System.arraycopy(
                new String[] {"--url", url, "--json", out.toString()}, 0, arguments, 1 + modeArguments.length, 4);
        var run = EvaluationCommand.run(work, arguments);
        assertThat(run.exitCode()).as(run.output()).isZero();
        return JSON.readTree(out.toFile()).get("overall").get("recall_at_5").asDouble();
    }

    private Path write(String content) throws IOException {
        return Files.writeString(Files.createTempFile(work, "fixture", ".jsonl"), content);
    }

    private static void assertMetricsAreShares(JsonNode summary) {
        METRICS.forEach(
                metric -> assertThat(summary.get(metric).asDouble()).as(metric).isBetween(0.0, 1.0));
    }
}
