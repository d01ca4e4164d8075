package dev.athena.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The tool soak of scripts/soak.sh against {@link StubAthena}: its report, its JSON and its exit statuses. */
class ToolSoakTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T10:11:12Z"), ZoneOffset.UTC);

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
    void aShortSoakReportsEveryWindowToolAndTheDriftAndCountsEveryCall() throws Exception {
        Path results = work.resolve("soak.json");

        int status = soak(
                "--duration",
                "0.9s",
                "--window",
                "300ms",
                "--clients",
                "4",
                "--seed-memories",
                "3",
                "--url",
                athena.url(),
                "--json",
                results.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains(
                        "soak: 4 clients, 1 s against " + athena.url() + ", project soak-20261205T101112",
                        "| window | from-to (s) | calls | calls/s | errors | p50 (ms) | p99 (ms) | max (ms) |",
                        "| tool | calls | errors | p50 (ms) | p95 (ms) | p99 (ms) |",
                        "drift, first to last window: p50",
                        "errors: 0");
        JsonNode report = JSON.readTree(Files.readString(results));
        assertThat(report.get("windows")).hasSize(3).allSatisfy(window -> {
            assertThat(window.get("calls").asInt()).isPositive();
            assertThat(window.get("p99_ms").asDouble())
                    .isGreaterThanOrEqualTo(window.get("p50_ms").asDouble());
        });
        assertThat(report.get("tools"))
                .extracting(tool -> tool.get("tool").asString())
                .containsExactly("recall", "remember", "record_event", "list_memories", "get_memory", "recall_events");
        for (JsonNode tool : report.get("tools")) {
            assertThat(tool.get("calls").asLong())
                    .as(tool.toString())
                    .isEqualTo(athena.calls(tool.get("tool").asString()));
        }
        assertThat(report.get("calls").asLong()).isEqualTo(sum(report.get("windows"), "calls"));
        assertThat(report.get("drift").get("p99_ratio").asDouble()).isPositive();
        assertThat(athena.calls("remember_batch")).isEqualTo(1);
        assertThat(athena.firstRequest("batch_record_events").get("events").size())
                .isEqualTo(64);
        JsonNode recordEvent = athena.firstRequest("record_event");
        assertThat(recordEvent.get("project").asString()).isEqualTo("soak-20261205T101112");
        assertThat(recordEvent.get("session_id").asString()).matches("soak-\\d+");
    }

    @Test
    void errorAnswersMakeItFailAndTheFirstAreShown() throws Exception {
        athena.answerRecallWith("{\"results\":\"renamed\"}");

        int status = soak(
                "--duration",
                "0.3s",
                "--window",
                "0.3s",
                "--clients",
                "2",
                "--seed-memories",
                "1",
                "--url",
                athena.url());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("first errors:", "recall at +0.", "malformed answer");
        assertThat(out.toString()).doesNotContain("errors: 0");
    }

    @Test
    void aP99DriftAboveTheLimitFailsTheRun() {
        ToolSoakReport.WindowRow first = new ToolSoakReport.WindowRow(1, 0, 60, 100, 0, 10.0, 20.0, 30.0);
        ToolSoakReport.WindowRow last = new ToolSoakReport.WindowRow(2, 60, 120, 100, 0, 12.0, 50.0, 60.0);

        ToolSoakReport.Drift drift = ToolSoakReport.Drift.of(List.of(first, last));

        assertThat(drift.p50Ratio()).isEqualTo(1.2);
        assertThat(drift.p99Ratio()).isEqualTo(2.5);
        assertThat(ToolSoakReport.Drift.of(List.of(first))).isNull();
    }

    @Test
    void anUnreachableAthenaIsExitThree() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        assertThat(soak("--duration", "1s", "--url", "http://127.0.0.1:" + closedPort))
                .isEqualTo(3);
        assertThat(err.toString()).contains("unreachable");
    }

    @Test
    void badArgumentsAreExitTwo() throws Exception {
        assertThat(soak("--duration", "soon")).isEqualTo(2);
        assertThat(soak("--clients", "0")).isEqualTo(2);
        assertThat(soak("--url", "ftp://example")).isEqualTo(2);
        assertThat(soak("--colour", "red")).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "not a duration: 'soon'",
                        "--clients must be between 1 and 1024",
                        "--url must be an http(s) URL",
                        "unrecognized argument --colour");
        assertThat(soak("--help")).isZero();
        assertThat(out.toString()).contains("usage: soak.sh");
    }

    @Test
    void durationsTakeTheUnitsOfTheFormerScript() {
        assertThat(ToolSoakCommand.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ToolSoakCommand.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ToolSoakCommand.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ToolSoakCommand.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ToolSoakCommand.duration("2.5")).isEqualTo(Duration.ofMillis(2500));
    }

    private int soak(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "tool-soak";
        System.arraycopy(args, 0, command, 1, args.length);
        return AthenaBench.run(
                command,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                CLOCK);
    }

    private static long sum(JsonNode rows, String field) {
        long total = 0;
        for (JsonNode row : rows) {
            total += row.get(field).asLong();
        }
        return total;
    }
}
