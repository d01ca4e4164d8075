package dev.athena.gateway.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.athena.gateway.GatewayClient;
import tools.jackson.databind.JsonNode;

/**
 * Client threads that keep writing memories through the gateway's REST API, each call a {@code remember} or (every
 * fourth) a {@code remember_batch} of five, every text unique, and keep a record of every answer: its status, latency
 * and, for a 200, the id and status of each memory it acknowledged. Bounded: every thread stops at {@link #stop()} or
 * after the given time, whichever comes first.
 */
final class RememberLoad implements AutoCloseable {

    private static final int BATCH_ITEMS = 5;

    /** One tool call as the client saw it. {@code status} is -1 when the gateway itself could not be reached. */
    record Call(
            int writer,
            long startedNanos,
            long latencyNanos,
            int status,
            String contentType,
            String retryAfter,
            String raw) {

        Duration latency() {
            return Duration.ofNanos(latencyNanos);
        }
    }

    /** A memory the gateway acknowledged with a 200: its id, the status it answered and the text sent. */
    record Acknowledged(String id, String status, String content) {}

    private final GatewayClient client;
    private final String project;
    private final List<Thread> writers = new ArrayList<>();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final long deadlineNanos;
    private volatile boolean running = true;

    RememberLoad(GatewayClient client, String project, int writers, Duration maxDuration) {
        this.client = client;
        this.project = project;
        this.deadlineNanos = System.nanoTime() + maxDuration.toNanos();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread thread = new Thread(() -> write(writer), "remember-load-" + w);
            thread.setDaemon(true);
            this.writers.add(thread);
        }
    }

    RememberLoad start() {
        writers.forEach(Thread::start);
        return this;
    }

    /** Waits until {@code more} memories beyond those acknowledged so far are acknowledged. */
    void awaitMoreAcknowledged(int more, Duration timeout) {
        int target = acknowledged.size() + more;
        awaitUntil(
                load -> load.acknowledged.size() >= target,
                timeout,
                "waiting for " + more + " more acknowledged memories");
    }

    /** Waits until at least {@code count} calls that started after {@code sinceNanos} match {@code predicate}. */
    void awaitCalls(long sinceNanos, Predicate<Call> predicate, int count, Duration timeout, String what) {
        awaitUntil(
                load -> load.callsSince(sinceNanos).stream().filter(predicate).count() >= count, timeout, what);
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> callsSince(long sinceNanos) {
        return calls.stream().filter(call -> call.startedNanos() >= sinceNanos).toList();
    }

    Map<String, Acknowledged> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    /** Stops the writers and waits for the calls in flight to finish. */
    void stop() {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(40));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitUntil(Predicate<RememberLoad> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " " + what + "; calls so far: " + summary());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted " + what);
            }
        }
    }

    private String summary() {
        Map<Integer, Long> byStatus = new java.util.TreeMap<>();
        calls.forEach(call -> byStatus.merge(call.status(), 1L, Long::sum));
        return byStatus + ", " + acknowledged.size() + " memories acknowledged";
    }

    private void write(int writer) {
        int call = 0;
        while (running && System.nanoTime() < deadlineNanos) {
            boolean batch = call++ % 4 == 3;
            List<String> contents = new ArrayList<>();
            for (int i = 0; i < (batch ? BATCH_ITEMS : 1); i++) {
                int n = sequence.incrementAndGet();
                contents.add("Reliability note " + n + " from writer " + writer + ": the deployment checklist item "
                        + Integer.toString(n * 7919, 36) + " was verified on host " + (n % 13));
            }
            send(writer, batch, contents);
        }
    }

    private void send(int writer, boolean batch, List<String> contents) {
        String body = batch
                ? "{\"project\":\"" + project + "\",\"items\":["
                        + String.join(
                                ",",
                                contents.stream()
                                        .map(content -> "{\"content\":\"" + content + "\",\"tags\":[\"reliability\"]}")
                                        .toList())
                        + "]}"
                : "{\"project\":\"" + project + "\",\"content\":\"" + contents.get(0)
                        + "\",\"tags\":[\"reliability\"]}";
        long start = System.nanoTime();
        GatewayClient.Response response;
        try {
            response = client.postJson(batch ? "/tools/remember_batch/execute" : "/tools/remember/execute", body);
        } catch (RuntimeException e) {
            calls.add(new Call(writer, start, System.nanoTime() - start, -1, "", null, String.valueOf(e.getMessage())));
            return;
        }
        calls.add(new Call(
                writer,
                start,
                System.nanoTime() - start,
                response.status(),
                response.contentType(),
                response.header("Retry-After"),
                response.raw()));
        if (response.status() == 200) {
            JsonNode answer = response.body();
            if (batch) {
                for (int i = 0; i < contents.size(); i++) {
                    JsonNode result = answer.get("results").get(i);
                    acknowledge(result, contents.get(i));
                }
            } else {
                acknowledge(answer, contents.get(0));
            }
        }
    }

    private void acknowledge(JsonNode result, String content) {
        String id = result.get("id").asString();
        acknowledged.put(id, new Acknowledged(id, result.get("status").asString(), content));
    }
}
