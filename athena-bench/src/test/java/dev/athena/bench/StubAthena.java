package dev.athena.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for Athena's REST tools: answers remember, remember_batch, recall and the event and listing tools the tool
 * soak calls with the shapes docs/api.md documents, counts the calls per tool and keeps the first request body of each.
 * The recall answer can be swapped for a wrong shape.
 */
final class StubAthena implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> firstRequests = new ConcurrentHashMap<>();
    private final Set<String> rememberedContents = ConcurrentHashMap.newKeySet();
    private final AtomicInteger indexReadingsLeft = new AtomicInteger(Integer.MIN_VALUE);
    private final AtomicInteger indexReadings = new AtomicInteger();
    private volatile String recallAnswer = """
            {"results":[{"id":"019ac0b5-0000-7000-8000-000000000001","content":"Alice prefers \
            Rust","memory_type":"fact","tags":["preferences"],"metadata":{},"importance":0.5,"occurred_at":"2026-11-25T13:00:00Z","created_at":"2026-11-25T13:00:00Z","score":1.02}],"count":1,"degraded":false}""";

    StubAthena() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/tools/", this::answer);
        server.createContext("/actuator/metrics/athena.recall.text.index.ready", this::indexReady);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long calls(String tool) {
        return calls.computeIfAbsent(tool, t -> new AtomicLong()).get();
    }

    JsonNode firstRequest(String tool) {
        return firstRequests.get(tool);
    }

    /** The distinct contents sent to remember or remember_batch since the last call of this method. */
    Set<String> takeRememberedContents() {
        Set<String> taken = Set.copyOf(rememberedContents);
        rememberedContents.removeAll(taken);
        return taken;
    }

    void resetCounts() {
        calls.clear();
    }

    /** The in-process index's gauge reads 0 for the next {@code readings} reads, then 1; unanswered (404) before. */
    void loadIndexAfter(int readings) {
        indexReadingsLeft.set(readings);
    }

    /** How often the index's gauge was read. */
    int indexReadings() {
        return indexReadings.get();
    }

    private void indexReady(HttpExchange exchange) throws IOException {
        int left = indexReadingsLeft.get();
        if (left == Integer.MIN_VALUE) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        indexReadings.incrementAndGet();
        int value = indexReadingsLeft.getAndDecrement() > 0 ? 0 : 1;
        byte[] body = ("{\"name\":\"athena.recall.text.index.ready\",\"measurements\":[{\"statistic\":\"VALUE\","
                        + "\"value\":" + value + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    void answerRecallWith(String body) {
        this.recallAnswer = body;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String tool = exchange.getRequestURI().getPath().replaceAll("^/tools/([^/]+)/execute$", "$1");
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            request = JSON.readTree(in.readAllBytes());
        }
        firstRequests.putIfAbsent(tool, request);
        calls.computeIfAbsent(tool, t -> new AtomicLong()).incrementAndGet();
        if (tool.equals("remember")) {
            noteContent(request);
        } else if (tool.equals("remember_batch")) {
            request.path("items").forEach(this::noteContent);
        }
        String body = switch (tool) {
            case "remember" ->
                "{\"id\":\"019ac0b5-0000-7000-8000-000000000002\",\"status\":\"created\",\"similarity\":null}";
            case "remember_batch" -> batchAnswer(request.path("items").size());
            case "recall" -> recallAnswer;
            case "batch_record_events" ->
                "{\"ids\":[\"e-1\"],\"recorded\":" + request.path("events").size() + "}";
            case "record_event" -> "{\"id\":\"e-2\"}";
            case "list_memories" -> "{\"items\":[],\"count\":0,\"next_cursor\":null}";
            case "get_memory" -> "{\"id\":\"" + request.path("memory_id").asString() + "\",\"content\":\"x\"}";
            case "recall_events" -> "{\"events\":[],\"count\":0}";
            default -> null;
        };
        byte[] bytes = (body == null ? "{\"status\":404}" : body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void noteContent(JsonNode memory) {
        rememberedContents.add(memory.path("content").asString());
    }

    private static String batchAnswer(int items) {
        List<String> results = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            String status = i == 0 ? "\"duplicate\",\"similarity\":1.0" : "\"created\"";
            results.add("{\"id\":\"m-" + i + "\",\"status\":" + status + "}");
        }
        return "{\"results\":[" + String.join(",", results) + "],\"created\":" + (items - 1)
                + ",\"duplicates\":1,\"pending_embedding\":0}";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
