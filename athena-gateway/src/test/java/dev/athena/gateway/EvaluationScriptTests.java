package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code scripts/eval-retrieval.sh} against a stub Athena whose answers are fixed: exact metric arithmetic on known
 * ranks, what goes over the wire (mode, rerank, k, API key), and how server failures are reported.
 */
class EvaluationScriptTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Eight memories; the stub recalls them newest first and never returns the first one. */
    private static final String RANKED_FIXTURE = """
            {"case":"ranks","memories":[%s],"queries":[{"query":"first \
            place","relevant":["m8"],"category":"shallow"},{"query":"third \
            place","relevant":["m6"],"category":"shallow"},{"query":"seventh \
            place","relevant":["m2"],"category":"deep"},{"query":"one of two \
            found","relevant":["m8","m1"],"category":"shallow"},{"query":"never \
            found","relevant":["m1"],"category":"deep"}]}
            """.formatted(String.join(
            ",",
            java.util.stream.IntStream.rangeClosed(1, 8)
                    .mapToObj(i -> "{\"key\":\"m" + i + "\",\"content\":\"memory " + i + "\"}")
                    .toList()));

    @TempDir
    Path work;

    HttpServer stub;
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger nextId = new AtomicInteger(1);
    final List<String> storedIds = Collections.synchronizedList(new ArrayList<>());
    volatile int healthStatus = 200;
    volatile boolean recallFails;

    record Request(String path, String authorization, JsonNode body) {}

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext(
                "/health",
                exchange -> answer(
                        exchange,
                        healthStatus,
                        "application/json",
                        "{\"status\":\"" + (healthStatus == 200 ? "ok" : "down") + "\"}"));
        stub.createContext("/tools/remember_batch/execute", exchange -> {
            JsonNode body = record(exchange);
            ArrayNode results = JSON.createArrayNode();
            body.get("items").forEach(item -> {
                String id = "id-" + nextId.getAndIncrement();
                storedIds.add(id);
                results.addObject().put("id", id).put("status", "created");
            });
            ObjectNode answer = JSON.createObjectNode();
            answer.set("results", results);
            answer(exchange, 200, "application/json", answer.toString());
        });
        stub.createContext("/tools/recall/execute", exchange -> {
            record(exchange);
            if (recallFails) {
                answer(exchange, 400, "application/problem+json", """
                        {"type":"https://athena.dev/problems/validation","title":"Invalid request","status":400,
                         "detail":"mode unknown parameter","errors":[{"field":"mode","reason":"unknown parameter"}]}
                        """);
                return;
            }
            ArrayNode results = JSON.createArrayNode();
            List<String> newestFirst = new ArrayList<>(storedIds);
            Collections.reverse(newestFirst);
            newestFirst.stream()
                    .limit(newestFirst.size() - 1L)
                    .forEach(id -> results.addObject()
                            .put("id", id)
                            .put("content", "...")
                            .put("score", 0.5));
            ObjectNode answer = JSON.createObjectNode();
            answer.set("results", results);
            answer.put("count", results.size()).put("degraded", true);
            answer(exchange, 200, "application/json", answer.toString());
        });
        stub.start();
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    @Test
    void metricsFollowTheirDefinitionsOnKnownRanks() throws IOException {
        Path out = work.resolve("out.json");

        var run = EvaluationCommand.run(
                work, fixture(RANKED_FIXTURE).toString(), "--url", stubUrl(), "--json", out.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonNode result = JSON.readTree(out.toFile());
        JsonNode overall = result.get("overall");
        assertThat(overall.get("recall_at_1").asDouble()).isEqualTo(0.3);
        assertThat(overall.get("recall_at_5").asDouble()).isEqualTo(0.5);
        assertThat(overall.get("recall_at_10").asDouble()).isEqualTo(0.7);
        assertThat(overall.get("hit_at_5").asDouble()).isEqualTo(0.6);
        assertThat(overall.get("mrr").asDouble()).isEqualTo(0.4952); // (1 + 1/3 + 1/7 + 1 + 0) / 5
        JsonNode deep = result.get("by_category").get("deep");
        assertThat(deep.get("queries").asInt()).isEqualTo(2);
        assertThat(deep.get("recall_at_10").asDouble()).isEqualTo(0.5);
        assertThat(deep.get("mrr").asDouble()).isEqualTo(0.0714);
        assertThat(result.get("queries"))
                .extracting(q -> q.get("first_relevant_rank").isNull()
                        ? 0
                        : q.get("first_relevant_rank").asInt())
                .containsExactly(1, 3, 7, 1, 0);
        assertThat(run.stdout())
                .containsPattern("(?m)^overall\\s+5\\s+0\\.300\\s+0\\.500\\s+0\\.700\\s+0\\.600\\s+0\\.495$");
        assertThat(result.get("degraded_queries").asInt()).isEqualTo(5);
        assertThat(run.stdout())
                .contains("5 queries were answered in degraded mode", "5 queries returned fewer than k-max results");
    }

    @Test
    void modeAndRerankAreSentOnlyWhenAskedFor() throws IOException {
        Path fixture = fixture(RANKED_FIXTURE);

        var plain = EvaluationCommand.run(
                work,
                fixture.toString(),
                "--url",
                stubUrl(),
                "--json",
                work.resolve("a.json").toString());
        List<JsonNode> plainRecalls = recallBodies();
        requests.clear();
        var tuned = EvaluationCommand.run(
                work,
                fixture.toString(),
                "--url",
                stubUrl(),
                "--json",
                work.resolve("b.json").toString(),
                "--mode",
                "text",
                "--no-rerank",
                "--k-max",
                "20");
        List<JsonNode> tunedRecalls = recallBodies();

        assertThat(plain.exitCode()).as(plain.output()).isZero();
        assertThat(plainRecalls).hasSize(5).allSatisfy(body -> {
            assertThat(body.propertyNames()).containsExactlyInAnyOrder("query", "k", "project");
            assertThat(body.get("k").asInt()).isEqualTo(10);
            assertThat(body.get("project").asString()).startsWith("eval-ranks-");
        });
        assertThat(tuned.exitCode()).as(tuned.output()).isZero();
        // One probe before anything is loaded, then the five queries.
        assertThat(tunedRecalls).hasSize(6).allSatisfy(body -> {
            assertThat(body.get("mode").asString()).isEqualTo("text");
            assertThat(body.get("rerank").asBoolean()).isFalse();
            assertThat(body.get("rerank").isBoolean()).isTrue();
            assertThat(body.get("k").asInt()).isEqualTo(20);
        });
        assertThat(tuned.stdout()).contains("mode: text", "rerank: false", "k-max: 20");
        assertThat(tunedRecalls.get(0).get("project").asString())
                .isNotEqualTo(plainRecalls.get(0).get("project").asString());
    }

    @Test
    void theApiKeyTravelsAsABearerTokenOnEveryCall() throws IOException {
        var run = EvaluationCommand.run(
                work,
                fixture(RANKED_FIXTURE).toString(),
                "--url",
                stubUrl(),
                "--api-key",
                "s3cret",
                "--json",
                work.resolve("out.json").toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(requests)
                .extracting(Request::path)
                .contains("/health", "/tools/remember_batch/execute", "/tools/recall/execute");
        assertThat(requests).extracting(Request::authorization).containsOnly("Bearer s3cret");
        assertThat(run.stdout() + run.stderr()).doesNotContain("s3cret");
    }

    @Test
    void withoutAKeyNoAuthorizationHeaderIsSent() throws IOException {
        var run = EvaluationCommand.run(
                work,
                fixture(RANKED_FIXTURE).toString(),
                "--url",
                stubUrl(),
                "--json",
                work.resolve("out.json").toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(requests).isNotEmpty().extracting(Request::authorization).containsOnlyNulls();
    }

    @Test
    void anErrorAnswerIsReportedWithItsProblemDetailAndTheQuery() throws IOException {
        recallFails = true;

        var run = EvaluationCommand.run(work, fixture(RANKED_FIXTURE).toString(), "--url", stubUrl());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.stderr())
                .contains(
                        "case \"ranks\" (line 1)",
                        "\"first place\"",
                        "Athena answered 400 to recall",
                        "Invalid request",
                        "errors: mode unknown parameter");
        assertThat(work.resolve("eval-results.json")).doesNotExist();
    }

    @Test
    void aServerRefusingModeFailsBeforeAnyMemoryIsLoaded() throws IOException {
        recallFails = true;

        var run =
                EvaluationCommand.run(work, fixture(RANKED_FIXTURE).toString(), "--url", stubUrl(), "--mode", "hybrid");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.stderr())
                .contains(
                        "recall with --mode hybrid",
                        "Athena answered 400",
                        "may not support the recall parameters 'mode'/'rerank' yet");
        assertThat(requests).extracting(Request::path).doesNotContain("/tools/remember_batch/execute");
    }

    @Test
    void anUnreachableServerIsNamedWithAHint() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        var run = EvaluationCommand.run(
                work, fixture(RANKED_FIXTURE).toString(), "--url", "http://127.0.0.1:" + closedPort);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.stderr()).contains("cannot reach Athena at http://127.0.0.1:" + closedPort, "Is it running?");
    }

    @Test
    void aServerThatReportsItselfDownStopsTheRunBeforeLoadingAnything() throws IOException {
        healthStatus = 503;

        var run = EvaluationCommand.run(work, fixture(RANKED_FIXTURE).toString(), "--url", stubUrl());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.stderr()).contains("reports that it is down");
        assertThat(requests).extracting(Request::path).doesNotContain("/tools/remember_batch/execute");
    }

    @Test
    void checkValidatesTheShippedFixtureWithoutAServer() {
        var run = EvaluationCommand.run(work, EvaluationCommand.FIXTURE.toString(), "--check");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).containsPattern("\\d+ cases, \\d+ memories, \\d+ queries");
    }

    @Test
    void badArgumentsAreRefusedWithUsage() throws IOException {
        var run = EvaluationCommand.run(work, fixture(RANKED_FIXTURE).toString(), "--k-max", "5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("usage: eval-retrieval.sh", "--k-max must be between 10 and 100");
    }

    private List<JsonNode> recallBodies() {
        synchronized (requests) {
            return requests.stream()
                    .filter(r -> r.path().equals("/tools/recall/execute"))
                    .map(Request::body)
                    .toList();
        }
    }

    private JsonNode record(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        requests.add(new Request(
                exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"), body));
        return body;
    }

    private void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        if (exchange.getRequestURI().getPath().equals("/health")) {
            requests.add(new Request("/health", exchange.getRequestHeaders().getFirst("Authorization"), null));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String stubUrl() {
        return "http://127.0.0.1:" + stub.getAddress().getPort();
    }

    private Path fixture(String content) throws IOException {
        return Files.writeString(Files.createTempFile(work, "fixture", ".jsonl"), content);
    }
}
