package dev.athena.gateway.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * A llama.cpp reasoning server ({@code llama-server --jinja} with Qwen3-VL) stood in by WireMock, answering the wire
 * contract: {@code /health}, {@code /props}, {@code /v1/models} and {@code POST /v1/chat/completions} with a structured
 * answer. A test can make it stop (connection refused, same port when it comes back) or hang on generation.
 */
final class LlamaCppReasoningServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private volatile WireMockServer server;

    LlamaCppReasoningServer() {
        server = started(0);
        port = server.port();
        answer("{\"patterns\":[]}");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A healthy server whose model answers every chat completion with {@code content}. */
    void answer(String content) {
        answerAfter(content, Duration.ZERO);
    }

    /**
     * The server answers its health checks at once but takes {@code delay} to generate: stuck on a long prompt, or
     * every slot busy (llama.cpp queues without limit, so only the client's timeout ends the wait).
     */
    void answerAfter(String content, Duration delay) {
        ensureRunning();
        server.resetAll();
        server.stubFor(get(urlEqualTo("/health")).willReturn(json("{\"status\":\"ok\"}")));
        server.stubFor(get(urlEqualTo("/props")).willReturn(json("""
                {"default_generation_settings":{"n_ctx":32768},"total_slots":1,
                 "model_path":"/models/Qwen3VL-4B-Instruct-Q4_K_M.gguf","modalities":{"vision":false},
                 "build_info":"b6100-0123abcd"}""")));
        server.stubFor(get(urlEqualTo("/v1/models")).willReturn(json("""
                {"object":"list","data":[{"id":"Qwen3VL-4B-Instruct-Q4_K_M.gguf","object":"model","owned_by":"llamacpp",
                 "meta":{"n_ctx_train":262144,"n_vocab":151936,"n_params":4022468096,"size":2497281024}}]}""")));
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(json(chatCompletion(content)).withFixedDelay((int) delay.toMillis())));
    }

    /** The server is gone: connections are refused. */
    void stop() {
        server.stop();
    }

    int chatRequests() {
        return server.isRunning()
                ? server.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                                .build())
                        .getCount()
                : 0;
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
        WireMockServer wireMock =
                new WireMockServer(options().bindAddress("127.0.0.1").port(port));
        wireMock.start();
        return wireMock;
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    private static String chatCompletion(String content) {
        return JSON.writeValueAsString(Map.of(
                "id",
                "chatcmpl-athena-1",
                "object",
                "chat.completion",
                "created",
                1764000000,
                "model",
                "Qwen3VL-4B-Instruct-Q4_K_M.gguf",
                "choices",
                List.of(Map.of(
                        "index",
                        0,
                        "finish_reason",
                        "stop",
                        "message",
                        Map.of("role", "assistant", "content", content))),
                "usage",
                Map.of("prompt_tokens", 900, "completion_tokens", 60, "total_tokens", 960),
                "timings",
                Map.of(
                        "prompt_n",
                        900,
                        "prompt_ms",
                        800.0,
                        "predicted_n",
                        60,
                        "predicted_ms",
                        1500.0,
                        "predicted_per_second",
                        40.0)));
    }
}
