package dev.athena.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpServer;
import dev.athena.gateway.ScriptCommand;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/soak.sh}: a short run against the real gateway (8 clients, 9 s, 3 s windows) has no error and reports
 * every window, every tool and the drift; errors, an unreachable Athena and bad arguments end it non-zero.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SoakScriptIntegrationTests extends DatabaseIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @TempDir
    Path work;

    @Test
    void aShortSoakOfTheGatewayHasNoErrorAndReportsEveryWindowToolAndTheDrift() throws IOException {
        Path results = work.resolve("soak.json");

        ScriptCommand.Result run = SoakCommand.run(
                work,
                "--duration",
                "9s",
                "--window",
                "3s",
                "--clients",
                "8",
                "--seed-memories",
                "50",
                "--project",
                "soak-test",
                "--url",
                "http://127.0.0.1:" + port,
                "--json",
                results.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout())
                .contains(
                        "soak: 8 clients, 9 s",
                        "| window |",
                        "| tool |",
                        "drift, first to last window: p50",
                        "errors: 0");
        JsonNode report = JSON.readTree(Files.readString(results));
        assertThat(report.get("errors").asInt()).isZero();
        assertThat(report.get("windows")).hasSize(3).allSatisfy(window -> {
            assertThat(window.get("calls").asInt()).isPositive();
            assertThat(window.get("errors").asInt()).isZero();
            assertThat(window.get("p99_ms").asDouble())
                    .isGreaterThanOrEqualTo(window.get("p50_ms").asDouble());
        });
        assertThat(report.get("tools"))
                .extracting(tool -> tool.get("tool").asString())
                .containsExactly("recall", "remember", "record_event", "list_memories", "get_memory", "recall_events");
        assertThat(report.get("tools"))
                .allSatisfy(tool -> assertThat(tool.get("calls").asInt()).isPositive());
        assertThat(report.get("drift").get("p99_ratio").asDouble()).isPositive();
        // A remember may be a (near) duplicate of an earlier one: stored at most once per call.
        int remembered = report.get("tools").get(1).get("calls").asInt();
        assertThat(count("SELECT count(*) FROM memories WHERE project = 'soak-test'"))
                .isGreaterThan(50L)
                .isLessThanOrEqualTo(50L + remembered);
        assertThat(count("SELECT count(*) FROM episodic_events WHERE project = 'soak-test'"))
                .isEqualTo(64L + report.get("tools").get(2).get("calls").asInt());
    }

    @Test
    void errorAnswersMakeItFailAndAreShown() throws IOException {
        HttpServer failing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        failing.createContext("/tools/", exchange -> {
            boolean seeding = exchange.getRequestURI().getPath().contains("remember_batch")
                    || exchange.getRequestURI().getPath().contains("batch_record_events");
            byte[] body = (seeding
                            ? "{\"results\":[{\"id\":\"m1\",\"status\":\"created\"}]}"
                            : "{\"type\":\"https://athena.dev/problems/internal\",\"status\":500}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(seeding ? 200 : 500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        failing.start();
        try {
            ScriptCommand.Result run = SoakCommand.run(
                    work,
                    "--duration",
                    "2s",
                    "--clients",
                    "2",
                    "--seed-memories",
                    "1",
                    "--url",
                    "http://127.0.0.1:" + failing.getAddress().getPort());

            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.stderr()).contains("first errors:", "HTTP 500");
            assertThat(run.stdout()).doesNotContain("errors: 0");
        } finally {
            failing.stop(0);
        }
    }

    @Test
    void anUnreachableAthenaIsExitThree() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        ScriptCommand.Result run = SoakCommand.run(work, "--duration", "2s", "--url", "http://127.0.0.1:" + closedPort);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.stderr()).contains("unreachable");
    }

    @Test
    void badArgumentsAreExitTwo() {
        assertThat(SoakCommand.run(work, "--duration", "soon").exitCode()).isEqualTo(2);
        assertThat(SoakCommand.run(work, "--clients", "0").exitCode()).isEqualTo(2);
        assertThat(SoakCommand.run(work, "--url", "ftp://example").stderr()).contains("--url must be an http(s) URL");
    }
}
