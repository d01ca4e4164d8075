package dev.athena.embedding.llamacpp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

import com.github.benmanes.caffeine.cache.Ticker;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.athena.embedding.EmbeddingPurpose;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Embeds many short texts through the llama.cpp adapter against a local stub that answers {@code /v1/embeddings} after
 * a fixed delay, once one text per request and once in batches, and prints throughput and the adapter's own overhead
 * per request. Run with {@code scripts/bench-embedding.sh [texts] [delay-ms] [batch-size]}.
 *
 * <p>The overhead of request i is the time from the stub finishing answer i to the stub receiving request i+1, measured
 * on the stub's clock while requests go one at a time: reading and checking the answer, normalising, assembling the
 * result, building and sending the next request, and loopback HTTP on both sides. It is an upper bound of what the
 * adapter adds, since the stub's own HTTP dispatch is counted with it.
 */
public final class EmbeddingBenchmark {

    private static final int WIDTH = 768;
    private static final int WARM_UP_TEXTS = 2_000;
    private static final int BASELINE_REQUESTS = 2_000;

    private final Stub stub;
    private final List<String> texts;

    private EmbeddingBenchmark(Stub stub, List<String> texts) {
        this.stub = stub;
        this.texts = texts;
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int delayMs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add("memory " + i + ": the user prefers short answers about topic " + (i % 97) + " in the morning");
        }
        try (Stub stub = new Stub(Duration.ofMillis(delayMs))) {
            EmbeddingBenchmark benchmark = new EmbeddingBenchmark(stub, texts);
            benchmark.warmUp(batchSize);
            System.out.printf(
                    Locale.ROOT,
                    "llama.cpp embedding adapter: %,d texts, stub delay %d ms, %d-d vectors, Java %s, %d cores%n%n",
                    count,
                    delayMs,
                    WIDTH,
                    System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
            System.out.println(
                    "| mode | requests | wall time | texts/s | median stub time | median overhead per request | "
                            + "p90 overhead per request |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            Result baseline = benchmark.baseline();
            Result single = benchmark.run("one text per request", 1, 1, "float", true);
            Result batched = benchmark.run("batches of " + batchSize, batchSize, 1, "float", false);
            Result base64 = benchmark.run("batches of " + batchSize + ", base64", batchSize, 1, "base64", false);
            Result concurrent =
                    benchmark.run("batches of " + batchSize + ", 4 in flight", batchSize, 4, "float", false);
            for (Result result : List.of(baseline, single, batched, base64, concurrent)) {
                System.out.println(result.row());
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nbatched is %.1fx faster than one text per request (target: at least 5x)%n",
                    single.wallSeconds() / batched.wallSeconds());
            System.out.printf(
                    Locale.ROOT,
                    "median overhead: %.3f ms per one-text request (bare HTTP alone: %.3f ms; target: under 1 ms),"
                            + " %.3f ms per %d-text request (%.3f ms per text)%n",
                    single.medianOverheadMs(),
                    baseline.medianOverheadMs(),
                    batched.medianOverheadMs(),
                    batchSize,
                    batched.medianOverheadMs() / batchSize);
        }
    }

    private void warmUp(int batchSize) {
        LlamaCppEmbeddingClient single = client(1, 1);
        for (String text : texts.subList(0, Math.min(WARM_UP_TEXTS, texts.size()))) {
            single.embed(List.of(text), EmbeddingPurpose.DOCUMENT).block();
        }
        client(batchSize, 1)
                .embed(texts.subList(0, Math.min(WARM_UP_TEXTS, texts.size())), EmbeddingPurpose.DOCUMENT)
                .block();
    }

    private Result run(String mode, int batchSize, int concurrency, String encoding, boolean onePerCall) {
        LlamaCppEmbeddingClient client = client(batchSize, concurrency, encoding);
        client.embed(List.of("read the model width before timing"), EmbeddingPurpose.DOCUMENT)
                .block();
        stub.awaitQuiet();
        stub.reset();
        long start = System.nanoTime();
        int vectors = 0;
        if (onePerCall) {
            for (String text : texts) {
                vectors += client.embed(List.of(text), EmbeddingPurpose.DOCUMENT)
                        .block()
                        .size();
            }
        } else {
            vectors = client.embed(texts, EmbeddingPurpose.DOCUMENT).block().size();
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        if (vectors != texts.size()) {
            throw new IllegalStateException(mode + ": " + vectors + " vectors for " + texts.size() + " texts");
        }
        List<long[]> requests = stub.requests();
        return new Result(
                mode,
                requests.size(),
                texts.size(),
                wallSeconds,
                medianStubMs(requests),
                concurrency == 1 ? overheadsMs(requests) : new double[0]);
    }

    /**
     * The same requests, one at a time, through a bare {@code WebClient} that only reads the answer's bytes: what
     * loopback HTTP and the stub's own dispatch cost without the adapter.
     */
    private Result baseline() {
        WebClient web = WebClient.builder().baseUrl(stub.url()).build();
        byte[] body = ("{\"input\":[\"search_document: a short text\"],"
                        + "\"model\":\"nomic-embed-text-v1.5\",\"encoding_format\":\"float\"}")
                .getBytes(StandardCharsets.UTF_8);
        Runnable call = () -> web.post()
                .uri("/v1/embeddings")
                .bodyValue(body)
                .retrieve()
                .bodyToMono(byte[].class)
                .block();
        for (int i = 0; i < WARM_UP_TEXTS; i++) {
            call.run();
        }
        stub.awaitQuiet();
        stub.reset();
        int count = Math.min(texts.size(), BASELINE_REQUESTS);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            call.run();
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        List<long[]> requests = stub.requests();
        return new Result(
                "bare WebClient, one text, bytes only (baseline)",
                requests.size(),
                count,
                wallSeconds,
                medianStubMs(requests),
                overheadsMs(requests));
    }

    private LlamaCppEmbeddingClient client(int batchSize, int concurrency) {
        return client(batchSize, concurrency, "float");
    }

    private LlamaCppEmbeddingClient client(int batchSize, int concurrency, String encoding) {
        Map<String, String> properties = new HashMap<>();
        String prefix = LlamaCppEmbeddingProperties.CONFIG_PREFIX + ".";
        properties.put(prefix + "base-url", stub.url());
        properties.put(prefix + "max-batch-size", Integer.toString(batchSize));
        properties.put(prefix + "max-concurrent-requests", Integer.toString(concurrency));
        properties.put(prefix + "encoding-format", encoding);
        LlamaCppEmbeddingProperties bound = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate(LlamaCppEmbeddingProperties.CONFIG_PREFIX, LlamaCppEmbeddingProperties.class);
        return LlamaCppEmbeddingClient.create(
                WIDTH, bound, WebClient.builder(), new SimpleMeterRegistry(), Clock.systemUTC(), Ticker.systemTicker());
    }

    private static double medianStubMs(List<long[]> requests) {
        double[] durations =
                requests.stream().mapToDouble(r -> (r[1] - r[0]) / 1e6).sorted().toArray();
        return durations.length == 0 ? Double.NaN : durations[durations.length / 2];
    }

    /** Gaps between the end of one answer and the start of the next request, in stub order. */
    private static double[] overheadsMs(List<long[]> requests) {
        List<long[]> ordered = new ArrayList<>(requests);
        ordered.sort((a, b) -> Long.compare(a[0], b[0]));
        double[] gaps = new double[Math.max(0, ordered.size() - 1)];
        for (int i = 0; i + 1 < ordered.size(); i++) {
            gaps[i] = (ordered.get(i + 1)[0] - ordered.get(i)[1]) / 1e6;
        }
        Arrays.sort(gaps);
        return gaps;
    }

    private record Result(
            String mode, int requests, int texts, double wallSeconds, double medianStubMs, double[] overheadsMs) {

        double medianOverheadMs() {
            return percentile(0.5);
        }

        double percentile(double p) {
            return overheadsMs.length == 0
                    ? Double.NaN
                    : overheadsMs[(int) Math.min(overheadsMs.length - 1, p * overheadsMs.length)];
        }

        String row() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %,d | %.2f s | %,.0f | %.2f ms | %s | %s |",
                    mode,
                    requests,
                    wallSeconds,
                    texts / wallSeconds,
                    medianStubMs,
                    millis(medianOverheadMs()),
                    millis(percentile(0.9)));
        }

        private static String millis(double value) {
            return Double.isNaN(value) ? "n/a (concurrent)" : String.format(Locale.ROOT, "%.3f ms", value);
        }
    }

    /** A stand-in for llama-server: answers /v1/models and, after a fixed delay, /v1/embeddings with 768-d vectors. */
    private static final class Stub implements AutoCloseable {

        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(8);
        private final JsonMapper json = JsonMapper.builder().build();
        private final ConcurrentLinkedQueue<long[]> requests = new ConcurrentLinkedQueue<>();
        private final long delayNanos;
        private final String vectorJson;
        private final String vectorBase64;

        Stub(Duration delay) throws IOException {
            this.delayNanos = delay.toNanos();
            float[] vector = new float[WIDTH];
            Random random = new Random(42);
            for (int i = 0; i < WIDTH; i++) {
                vector[i] = (float) random.nextGaussian();
            }
            this.vectorJson = LlamaCppWire.array(Vectors.normalize(vector));
            this.vectorBase64 = "\"" + LlamaCppWire.base64(vector) + "\"";
            // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
            // tens of milliseconds per request that belong to neither the adapter nor llama.cpp.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.createContext("/v1/models", exchange -> answer(exchange, LlamaCppWire.models(WIDTH)));
            server.createContext("/v1/embeddings", this::embeddings);
            server.setExecutor(executor);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void reset() {
            requests.clear();
        }

        /** The stub records a request only after the client may have its answer: let the last record land. */
        void awaitQuiet() {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }

        List<long[]> requests() {
            return new ArrayList<>(requests);
        }

        private void embeddings(HttpExchange exchange) throws IOException {
            long start = System.nanoTime();
            int inputs;
            String vector;
            try (InputStream body = exchange.getRequestBody()) {
                JsonNode request = json.readTree(body.readAllBytes());
                JsonNode input = request.get("input");
                inputs = input.isArray() ? input.size() : 1;
                vector = "base64".equals(request.path("encoding_format").asString("")) ? vectorBase64 : vectorJson;
            }
            StringBuilder data = new StringBuilder(inputs * (vector.length() + 48));
            for (int i = 0; i < inputs; i++) {
                data.append(i == 0 ? "" : ",")
                        .append("{\"embedding\":")
                        .append(vector)
                        .append(",\"index\":")
                        .append(i)
                        .append(",\"object\":\"embedding\"}");
            }
            String answer = "{\"model\":\"nomic-embed-text-v1.5\",\"object\":\"list\",\"usage\":{\"prompt_tokens\":"
                    + inputs * 16 + ",\"total_tokens\":" + inputs * 16 + "},\"data\":[" + data + "]}";
            long deadline = start + delayNanos;
            while (System.nanoTime() < deadline) {
                LockSupport.parkNanos(deadline - System.nanoTime());
            }
            answer(exchange, answer);
            requests.add(new long[] {start, System.nanoTime()});
        }

        private static void answer(HttpExchange exchange, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
