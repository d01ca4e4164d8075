package dev.athena.gateway.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A llama.cpp embedding server ({@code llama-server --embedding}) stood in by WireMock, answering the wire contract of
 * shared/reference/llamacpp-wire-contract.md: {@code GET /health}, {@code GET /v1/models} with {@code meta.n_embd}, and
 * {@code POST /v1/embeddings} with one deterministic unit vector per input (the same text always gets the same vector,
 * two texts practically never a similar one). A test can make it fail the ways a real server fails: reset every
 * connection, answer 503 while "loading", stop altogether (connection refused) and start again on the same port, or
 * answer slowly.
 */
final class LlamaCppEmbeddingServer implements AutoCloseable {

    /** The width of the test database's {@code memories.embedding} column (Athena's default, 384). */
    static final int WIDTH = 384;

    static final String MODEL_ID = "nomic-embed-text-v1.5.Q4_K_M.gguf";
    private static final String LOADING_MODEL =
            "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private volatile WireMockServer server;

    LlamaCppEmbeddingServer() {
        server = started(0);
        port = server.port();
        answer();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A healthy server: every route answers at once. */
    void answer() {
        answerAfter(Duration.ZERO);
    }

    /** A healthy but slow server: {@code /v1/embeddings} answers after {@code delay} (CPU inference under load). */
    void answerAfter(Duration delay) {
        ensureRunning();
        server.resetAll();
        server.stubFor(get(urlEqualTo("/health")).willReturn(json("{\"status\":\"ok\"}")));
        server.stubFor(get(urlEqualTo("/v1/models")).willReturn(json(models())));
        server.stubFor(post(urlEqualTo("/v1/embeddings"))
                .willReturn(json("{}")
                        .withFixedDelay((int) delay.toMillis())
                        .withTransformers(DeterministicEmbeddings.NAME)));
    }

    /** The process is there but every connection is reset by the peer, as when the server crashes mid-request. */
    void resetConnections() {
        ensureRunning();
        server.resetAll();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    /** The server restarted and is loading its model: every route answers 503 "Loading model". */
    void loadModel() {
        ensureRunning();
        server.resetAll();
        server.stubFor(any(anyUrl()).willReturn(json(LOADING_MODEL).withStatus(503)));
    }

    /** The server is gone: nothing listens on its port, connections are refused. */
    void stop() {
        server.stop();
    }

    /** Requests of any route received since the last change of behaviour, including those answered with a fault. */
    int requestsReceived() {
        return server.isRunning() ? server.getAllServeEvents().size() : 0;
    }

    /**
     * Every text received by {@code POST /v1/embeddings} since the last change of behaviour, once for each time it was
     * sent (with the purpose prefix the client put before it).
     */
    List<String> embeddedTexts() {
        List<String> texts = new ArrayList<>();
        if (server.isRunning()) {
            server.getAllServeEvents().stream()
                    .filter(event -> event.getRequest().getUrl().equals("/v1/embeddings"))
                    .forEach(event -> texts.addAll(DeterministicEmbeddings.inputs(event)));
        }
        return texts;
    }

    @Override
    public void close() {
        server.stop();
    }

    private void ensureRunning() {
        if (!server.isRunning()) {
            server = started(port);
        }
    }

    private static WireMockServer started(int port) {
        WireMockServer wireMock = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .port(port)
                .extensions(new DeterministicEmbeddings())
                .containerThreads(24));
        wireMock.start();
        return wireMock;
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    private static String models() {
        return "{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL_ID
                + "\",\"object\":\"model\",\"created\":1764000000,"
                + "\"owned_by\":\"llamacpp\",\"meta\":{\"vocab_type\":2,\"n_vocab\":30522,\"n_ctx_train\":2048,"
                + "\"n_embd\":" + WIDTH + ",\"n_params\":136731648,\"size\":84106624}}]}";
    }

    /** The vector llama.cpp would send for {@code text} (already prefixed): a unit vector seeded by its SHA-256. */
    static float[] vectorOf(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            Random random = new Random(ByteBuffer.wrap(digest).getLong());
            float[] vector = new float[WIDTH];
            double norm = 0;
            for (int i = 0; i < WIDTH; i++) {
                vector[i] = (float) random.nextGaussian();
                norm += vector[i] * vector[i];
            }
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < WIDTH; i++) {
                vector[i] *= scale;
            }
            return vector;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers {@code POST /v1/embeddings} with one vector per input, as the OpenAI-compatible route does. */
    static final class DeterministicEmbeddings implements ResponseDefinitionTransformerV2 {

        static final String NAME = "deterministic-embeddings";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            List<String> texts = inputs(serveEvent);
            StringJoiner data = new StringJoiner(",", "[", "]");
            int tokens = 0;
            for (int index = 0; index < texts.size(); index++) {
                data.add("{\"embedding\":" + array(vectorOf(texts.get(index))) + ",\"index\":" + index
                        + ",\"object\":\"embedding\"}");
                tokens += texts.get(index).split("\\s+").length + 2;
            }
            String body = "{\"model\":\"" + MODEL_ID + "\",\"object\":\"list\",\"usage\":{\"prompt_tokens\":" + tokens
                    + ",\"total_tokens\":" + tokens + "},\"data\":" + data + "}";
            return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition())
                    .but()
                    .withBody(body)
                    .build();
        }

        /** The texts of a request, sent as one string or as an array. */
        static List<String> inputs(ServeEvent serveEvent) {
            JsonNode input =
                    JSON.readTree(serveEvent.getRequest().getBodyAsString()).get("input");
            List<String> texts = new ArrayList<>();
            if (input.isArray()) {
                input.forEach(text -> texts.add(text.asString()));
            } else {
                texts.add(input.asString());
            }
            return texts;
        }

        private static String array(float[] vector) {
            StringJoiner components = new StringJoiner(",", "[", "]");
            for (float component : vector) {
                components.add(Float.toString(component));
            }
            return components.toString();
        }
    }
}
