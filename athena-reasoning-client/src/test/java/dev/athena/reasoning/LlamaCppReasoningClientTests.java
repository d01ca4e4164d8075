package dev.athena.reasoning;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

class LlamaCppReasoningClientTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CHAT = "/v1/chat/completions";
    private static final String PATTERN_JSON = """
            {"pattern_type":"ERROR_FIX","statement":"Flaky ordering is fixed by ordering on id as a \
            tie-breaker","confidence":0.86,"supporting_events":[{"event_id":"e-17","quote":"ORDER BY created_at DESC, \
            id DESC"}]}""";

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private SimpleMeterRegistry meters;
    private LlamaCppReasoningClient client;

    @BeforeEach
    void setUp() {
        meters = new SimpleMeterRegistry();
        client = client(Map.of());
        propsWith(false, 4);
    }

    private LlamaCppReasoningClient client(Map<String, String> overrides) {
        Map<String, String> values = TestProperties.fast(overrides);
        values.putIfAbsent("base-url", server.baseUrl());
        var properties = TestProperties.bind(
                LlamaCppReasoningProperties.CONFIG_PREFIX, LlamaCppReasoningProperties.class, values);
        return new LlamaCppReasoningClient(WebClient.builder(), properties, meters);
    }

    private static void propsWith(boolean vision, int slots) {
        server.stubFor(get("/props").willReturn(json(200, """
                {"default_generation_settings":{"n_ctx":8192,"temperature":0.8},"total_slots":%d,
                 "model_path":"/models/Qwen3-VL-4B-Instruct-Q4_K_M.gguf","chat_template":"...",
                 "modalities":{"vision":%s},"build_info":"b6000"}""".formatted(slots, vision))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static String chatAnswer(String content, String finishReason) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","model":"qwen3-vl-4b",
                 "choices":[{"index":0,"finish_reason":"%s","message":{"role":"assistant","content":%s}}],
                 "usage":{"prompt_tokens":120,"completion_tokens":40,"total_tokens":160},
                 "timings":{"prompt_n":120,"prompt_ms":800.0,"prompt_per_token_ms":6.6,"prompt_per_second":150.0,
                            \
                "predicted_n":40,"predicted_ms":1000.0,"predicted_per_token_ms":25.0,"predicted_per_second":40.0}}""".formatted(finishReason, ReasoningJson.write(content));
    }

    private static JsonNode body(LoggedRequest request) {
        return ReasoningJson.MAPPER.readTree(request.getBodyAsString());
    }

    // ---- chat -------------------------------------------------------------------------------------------------

    @Test
    void chatSendsSystemAndUserMessagesAndReportsUsageTimingsAndMetrics() {
        server.stubFor(post(CHAT).willReturn(json(200, chatAnswer("Use ORDER BY id as a tie-breaker.", "stop"))));

        StepVerifier.create(client.chat("You are a consolidation engine", "Why is the test flaky?"))
                .assertNext(result -> {
                    assertThat(result.text()).isEqualTo("Use ORDER BY id as a tie-breaker.");
                    assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
                    assertThat(result.usage()).isEqualTo(new TokenUsage(120, 40));
                    assertThat(result.timings().tokensPerSecond()).isEqualTo(40.0);
                    assertThat(result.timings().promptTime()).isEqualTo(Duration.ofMillis(800));
                    assertThat(result.timings().generationTime()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(result.timings().total()).isPositive();
                    assertThat(result.model()).isEqualTo("qwen3-vl-4b");
                })
                .expectComplete()
                .verify(WAIT);

        server.verify(postRequestedFor(urlEqualTo(CHAT)).withRequestBody(equalToJson("""
                {"messages":[{"role":"system","content":"You are a consolidation engine"},
                             {"role":"user","content":"Why is the test flaky?"}],
                 "max_tokens":1024,"stream":false}""", true, true)));
        assertThat(meters.get(ReasoningMetrics.TOKENS)
                        .tag("type", "prompt")
                        .counter()
                        .count())
                .isEqualTo(120);
        assertThat(meters.get(ReasoningMetrics.TOKENS)
                        .tag("type", "completion")
                        .counter()
                        .count())
                .isEqualTo(40);
        assertThat(meters.get(ReasoningMetrics.SPEED).summary().mean()).isEqualTo(40.0);
        assertThat(meters.get(ReasoningMetrics.REQUESTS)
                        .tag("operation", "chat")
                        .tag("outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void chatReportsAnAnswerCutAtTheTokenLimit() {
        server.stubFor(post(CHAT).willReturn(json(200, chatAnswer("The pattern is that the", "length"))));

        StepVerifier.create(client.chat(ChatRequest.of("", "Describe the pattern")
                        .withOptions(GenerationOptions.defaults().withMaxTokens(5))))
                .assertNext(result -> assertThat(result.truncated()).isTrue())
                .expectComplete()
                .verify(WAIT);
        server.verify(
                postRequestedFor(urlEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.max_tokens", equalTo("5"))));
    }

    @Test
    void sendsTheApiKeyAsABearerToken() {
        client = client(Map.of("api-key", "s3cret"));
        server.stubFor(post(CHAT).willReturn(json(200, chatAnswer("ok", "stop"))));

        StepVerifier.create(client.chat("", "ping"))
                .expectNextCount(1)
                .expectComplete()
                .verify(WAIT);

        server.verify(postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer s3cret")));
    }

    // ---- structured output ------------------------------------------------------------------------------------

    @Test
    void structuredOutputSendsTheNestedJsonSchemaAndReturnsTheRecord() {
        server.stubFor(post(CHAT).willReturn(json(200, chatAnswer(PATTERN_JSON, "stop"))));

        StepVerifier.create(client.generateStructured(
                        "Extract one pattern", "events...", ExtractedPattern.class, GenerationOptions.defaults()))
                .assertNext(result -> {
                    assertThat(result.value().patternType()).isEqualTo(ExtractedPattern.Kind.ERROR_FIX);
                    assertThat(result.value().supportingEvents())
                            .extracting(ExtractedPattern.Evidence::eventId)
                            .containsExactly("e-17");
                    assertThat(result.value().note()).isNull();
                    assertThat(result.attempts()).isEqualTo(1);
                    assertThat(result.usage()).isEqualTo(new TokenUsage(120, 40));
                })
                .expectComplete()
                .verify(WAIT);

        JsonNode sent = body(server.findAll(postRequestedFor(urlEqualTo(CHAT))).get(0));
        JsonNode format = sent.get("response_format");
        assertThat(format.get("type").asString()).isEqualTo("json_schema");
        assertThat(format.get("json_schema").get("name").asString()).isEqualTo("ExtractedPattern");
        JsonNode schema = format.get("json_schema").get("schema");
        assertThat(schema.get("type").asString()).isEqualTo("object");
        assertThat(schema.get("required").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("pattern_type", "statement", "confidence", "supporting_events");
        assertThat(sent.has("json_schema"))
                .as("only the nested form, never both")
                .isFalse();
        assertThat(sent.get("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void anInvalidStructuredAnswerIsRepairedOnceWithALargerBudget() {
        server.stubFor(post(CHAT)
                .inScenario("repair")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("repaired")
                .willReturn(json(200, chatAnswer("{\"pattern_type\":\"ERROR_FIX\",\"confidence\":0.9}", "stop"))));
        server.stubFor(post(CHAT)
                .inScenario("repair")
                .whenScenarioStateIs("repaired")
                .willReturn(json(200, chatAnswer(PATTERN_JSON, "stop"))));

        StepVerifier.create(client.generateStructured(
                        "Extract one pattern",
                        "events...",
                        ExtractedPattern.class,
                        GenerationOptions.defaults().withMaxTokens(300)))
                .assertNext(result -> {
                    assertThat(result.attempts()).isEqualTo(2);
                    assertThat(result.value().statement()).startsWith("Flaky ordering");
                    assertThat(result.usage()).isEqualTo(new TokenUsage(240, 80));
                })
                .expectComplete()
                .verify(WAIT);

        List<JsonNode> sent = server.findAll(postRequestedFor(urlEqualTo(CHAT))).stream()
                .map(LlamaCppReasoningClientTests::body)
                .toList();
        assertThat(sent).extracting(node -> node.get("max_tokens").asInt()).containsExactlyInAnyOrder(300, 600);
        JsonNode repair = sent.stream()
                .filter(node -> node.get("max_tokens").asInt() == 600)
                .findFirst()
                .orElseThrow();
        assertThat(repair.get("messages").get(1).get("content").asString())
                .contains("could not be used")
                .contains("$.statement is required but missing");
        assertThat(meters.get(ReasoningMetrics.REPAIRS)
                        .tag("outcome", "repaired")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aTruncatedStructuredAnswerIsRetriedWithTwiceTheBudget() {
        server.stubFor(post(CHAT)
                .inScenario("cut")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("retried")
                .willReturn(
                        json(200, chatAnswer("{\"pattern_type\":\"ERROR_FIX\",\"statement\":\"Flaky ord", "length"))));
        server.stubFor(post(CHAT)
                .inScenario("cut")
                .whenScenarioStateIs("retried")
                .willReturn(json(200, chatAnswer(PATTERN_JSON, "stop"))));

        StepVerifier.create(client.generateStructured(
                        "Extract", "events", ExtractedPattern.class, GenerationOptions.defaults()))
                .assertNext(result -> assertThat(result.attempts()).isEqualTo(2))
                .expectComplete()
                .verify(WAIT);

        server.verify(postRequestedFor(urlEqualTo(CHAT))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("2048")))
                .withRequestBody(matchingJsonPath(
                        "$.messages[1].content",
                        com.github.tomakehurst.wiremock.client.WireMock.containing(
                                "cut off at the 1024-token limit"))));
    }

    @Test
    void aSecondInvalidAnswerFailsClearlyAfterExactlyTwoCalls() {
        server.stubFor(
                post(CHAT).willReturn(json(200, chatAnswer("Sure! Here is the pattern you asked for.", "stop"))));

        StepVerifier.create(client.generateStructured(
                        "Extract", "events", ExtractedPattern.class, GenerationOptions.defaults()))
                .expectErrorSatisfies(error -> {
                    assertThat(error)
                            .isInstanceOf(InvalidStructuredOutputException.class)
                            .hasMessageContaining("ExtractedPattern")
                            .hasMessageContaining("not valid JSON");
                    assertThat(((InvalidStructuredOutputException) error).lastOutput())
                            .contains("Here is the pattern");
                    assertThat(((ReasoningException) error).isTransient()).isFalse();
                })
                .verify(WAIT);

        server.verify(2, postRequestedFor(urlEqualTo(CHAT)));
        assertThat(meters.get(ReasoningMetrics.REPAIRS)
                        .tag("outcome", "failed")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get(ReasoningMetrics.REQUESTS)
                        .tag("operation", "structured")
                        .tag("outcome", "invalid_output")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    // ---- raw completion ---------------------------------------------------------------------------------------

    @Test
    void rawCompletionUsesTheNativeRouteAndReportsTheLimit() {
        server.stubFor(post("/completion").willReturn(json(200, """
                {"content":" 4. The answer is four","stop":true,"model":"qwen3-vl-4b","tokens_predicted":7,
                 "tokens_evaluated":9,"truncated":false,"stop_type":"limit","stopping_word":"","tokens_cached":0,
                 "timings":{"prompt_n":9,"prompt_ms":60.0,"predicted_n":7,"predicted_ms":175.0,"predicted_per_second":40.0}}""")));

        StepVerifier.create(client.complete(
                        "What is 2+2?",
                        GenerationOptions.defaults().withMaxTokens(7).withTemperature(0.7)))
                .assertNext(result -> {
                    assertThat(result.text()).isEqualTo(" 4. The answer is four");
                    assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
                    assertThat(result.usage()).isEqualTo(new TokenUsage(9, 7));
                })
                .expectComplete()
                .verify(WAIT);

        server.verify(postRequestedFor(urlEqualTo("/completion"))
                .withRequestBody(equalToJson(
                        "{\"prompt\":\"What is "
                                + "2+2?\",\"n_predict\":7,\"temperature\":0.7,\"stream\":false,\"cache_prompt\":true}",
                        true,
                        true)));
    }

    @Test
    void rawCompletionAcceptsTheOlderResponseShape() {
        server.stubFor(
                post("/completion")
                        .willReturn(
                                json(
                                        200,
                                        "{\"content\":\"four\",\"stop\":true,\"stopped_limit\":true,\"tokens_predicted\":1,\"tokens_evaluated\":9}")));

        StepVerifier.create(client.complete("What is 2+2?", GenerationOptions.defaults()))
                .assertNext(result -> {
                    assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
                    assertThat(result.timings().promptTime())
                            .as("no server timings in this shape")
                            .isNull();
                    assertThat(result.timings().total()).isPositive();
                    assertThat(result.timings().tokensPerSecond()).isPositive();
                })
                .expectComplete()
                .verify(WAIT);
    }

    // ---- streaming --------------------------------------------------------------------------------------------

    private static void streamStub(String path, String events) {
        server.stubFor(post(path)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(events)));
    }

    @Test
    void streamsChatChunksIgnoringPingsUntilDone() {
        streamStub(CHAT, """
                : ping

                data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

                data: {"choices":[{"index":0,"delta":{"content":"Order"},"finish_reason":null}]}

                : ping

                data: {"choices":[{"index":0,"delta":{"content":" by id"},"finish_reason":null}]}

                data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"timings":{"prompt_n":12,"predicted_n":3,"predicted_per_second":41.5}}

                data: [DONE]

                """);

        StepVerifier.create(client.streamChat(ChatRequest.of("", "How do I fix it?")))
                .expectNext("Order", " by id")
                .expectComplete()
                .verify(WAIT);

        server.verify(
                postRequestedFor(urlEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
        assertThat(meters.get(ReasoningMetrics.TOKENS)
                        .tag("type", "completion")
                        .counter()
                        .count())
                .isEqualTo(3);
    }

    @Test
    void streamsANativeCompletionWithoutDoneUntilTheStopChunk() {
        streamStub("/completion", """
                data: {"content":"Two","stop":false}

                data: {"content":" plus two","stop":false}

                data: {"content":"","stop":true,"stop_type":"eos","tokens_predicted":2,"timings":{"prompt_n":5,"predicted_n":2,"predicted_per_second":38.0}}

                data: {"content":" never read","stop":false}

                """);

        StepVerifier.create(client.streamCompletion("2+2=", GenerationOptions.defaults()))
                .expectNext("Two", " plus two")
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void anErrorInTheMiddleOfAStreamEndsItWithThatError() {
        streamStub(CHAT, """
                data: {"choices":[{"index":0,"delta":{"content":"Partial"},"finish_reason":null}]}

                data: {"error":{"code":500,"message":"slot 0 crashed: out of memory","type":"server_error"}}

                """);

        StepVerifier.create(client.streamChat(ChatRequest.of("", "Go")))
                .expectNext("Partial")
                .expectErrorSatisfies(error ->
                        assertThat(error).isInstanceOf(ReasoningException.class).hasMessageContaining("slot 0 crashed"))
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void aStreamThatCannotOpenBecauseTheModelLoadsIsRetriedBeforeTheFirstChunk() {
        server.stubFor(post("/completion")
                .inScenario("load")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("loaded")
                .willReturn(json(
                        503,
                        "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}")));
        server.stubFor(post("/completion")
                .inScenario("load")
                .whenScenarioStateIs("loaded")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody("data: {\"content\":\"ready\",\"stop\":true}\n\n")));

        StepVerifier.create(client.streamCompletion("go", GenerationOptions.defaults()))
                .expectNext("ready")
                .expectComplete()
                .verify(WAIT);
        server.verify(2, postRequestedFor(urlEqualTo("/completion")));
    }

    // ---- failures ---------------------------------------------------------------------------------------------

    @Test
    void a503WhileTheModelLoadsIsRetriedUntilItAnswers() {
        server.stubFor(post(CHAT)
                .inScenario("load")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("loaded")
                .willReturn(json(
                        503,
                        "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}")));
        server.stubFor(post(CHAT)
                .inScenario("load")
                .whenScenarioStateIs("loaded")
                .willReturn(json(200, chatAnswer("ok", "stop"))));

        StepVerifier.create(client.chat("", "hello"))
                .assertNext(result -> assertThat(result.text()).isEqualTo("ok"))
                .expectComplete()
                .verify(WAIT);
        server.verify(2, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void aModelThatKeepsLoadingFailsAsUnavailableAfterTheBoundedAttempts() {
        server.stubFor(post(CHAT)
                .willReturn(json(
                        503,
                        "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}")));

        StepVerifier.create(client.chat("", "hello"))
                .expectErrorSatisfies(error -> {
                    assertThat(error)
                            .isInstanceOf(ReasoningUnavailableException.class)
                            .hasMessageContaining("Loading model");
                    assertThat(((ReasoningUnavailableException) error).reason())
                            .isEqualTo(ReasoningUnavailableException.Reason.LOADING);
                    assertThat(((ReasoningException) error).isTransient()).isTrue();
                })
                .verify(WAIT);
        server.verify(3, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void aPromptLongerThanTheContextFailsAtOnceWithTheCounts() {
        server.stubFor(post(CHAT).willReturn(json(400, """
                {"error":{"code":400,"message":"request (9214 tokens) exceeds the available context size (8192 \
                tokens), try increasing it",
                 "type":"exceed_context_size_error","n_prompt_tokens":9214,"n_ctx":8192}}""")));

        StepVerifier.create(client.chat("", "a very long prompt"))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(ContextLengthExceededException.class);
                    ContextLengthExceededException exceeded = (ContextLengthExceededException) error;
                    assertThat(exceeded.promptTokens()).hasValue(9214);
                    assertThat(exceeded.contextTokens()).hasValue(8192);
                    assertThat(exceeded.isTransient()).isFalse();
                })
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void aGenerationThatOutlastsTheTimeoutFailsAsTimeoutWithoutRetry() {
        client = client(Map.of("generation-timeout", "300ms"));
        server.stubFor(
                post(CHAT).willReturn(json(200, chatAnswer("late", "stop")).withFixedDelay(3_000)));

        StepVerifier.create(client.chat("", "hello"))
                .expectErrorSatisfies(error -> {
                    assertThat(error)
                            .isInstanceOf(ReasoningUnavailableException.class)
                            .hasMessageContaining("300 ms");
                    assertThat(((ReasoningUnavailableException) error).reason())
                            .isEqualTo(ReasoningUnavailableException.Reason.TIMEOUT);
                })
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo(CHAT)));
        assertThat(meters.get(ReasoningMetrics.REQUESTS)
                        .tag("outcome", "timeout")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aConnectionResetIsTransientAndRetried() {
        server.stubFor(post(CHAT)
                .inScenario("reset")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("ok")
                .willReturn(
                        aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        server.stubFor(post(CHAT)
                .inScenario("reset")
                .whenScenarioStateIs("ok")
                .willReturn(json(200, chatAnswer("ok", "stop"))));

        StepVerifier.create(client.chat("", "hello"))
                .assertNext(result -> assertThat(result.text()).isEqualTo("ok"))
                .expectComplete()
                .verify(WAIT);
        server.verify(2, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void anUnreachableServerIsUnavailable() {
        client = client(Map.of("base-url", "http://127.0.0.1:1", "retry.max-attempts", "2"));

        StepVerifier.create(client.chat("", "hello"))
                .expectErrorSatisfies(error -> assertThat(((ReasoningUnavailableException) error).reason())
                        .isEqualTo(ReasoningUnavailableException.Reason.UNREACHABLE))
                .verify(WAIT);
    }

    @Test
    void aMalformedBodyFailsClearlyWithoutRetry() {
        server.stubFor(post(CHAT)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("<html>proxy error</html>")));

        StepVerifier.create(client.chat("", "hello"))
                .expectErrorSatisfies(error -> {
                    assertThat(error)
                            .isInstanceOf(ReasoningException.class)
                            .hasMessageContaining("cannot read")
                            .hasMessageContaining("proxy error");
                    assertThat(((ReasoningException) error).isTransient()).isFalse();
                })
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void aBodyTheServerCouldNotParseIsOurBugAndNeverRetried() {
        server.stubFor(post(CHAT)
                .willReturn(json(
                        500,
                        "{\"error\":{\"code\":500,\"message\":\"[json.exception.parse_error.101] parse error "
                                + "at line 1\",\"type\":\"server_error\"}}")));

        StepVerifier.create(client.chat("", "hello"))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(ReasoningRequestException.class)
                        .hasMessageContaining("parse_error"))
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void anOtherServerErrorIsRetriedAsTransient() {
        server.stubFor(post(CHAT)
                .inScenario("5xx")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("ok")
                .willReturn(
                        json(500, "{\"error\":{\"code\":500,\"message\":\"slot failed\",\"type\":\"server_error\"}}")));
        server.stubFor(
                post(CHAT).inScenario("5xx").whenScenarioStateIs("ok").willReturn(json(200, chatAnswer("ok", "stop"))));

        StepVerifier.create(client.chat("", "hello"))
                .expectNextCount(1)
                .expectComplete()
                .verify(WAIT);
        server.verify(2, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void theCircuitBreakerOpensAfterRepeatedServerFailuresAndStopsCalling() {
        meters = new SimpleMeterRegistry(); // the state gauge belongs to the first client registered under the name
        client = client(Map.of("retry.max-attempts", "1"));
        server.stubFor(post(CHAT).willReturn(json(502, "bad gateway")));

        for (int i = 0; i < 5; i++) {
            StepVerifier.create(client.chat("", "hello"))
                    .expectError(ReasoningUnavailableException.class)
                    .verify(WAIT);
        }
        StepVerifier.create(client.chat("", "hello"))
                .expectErrorSatisfies(error -> assertThat(((ReasoningUnavailableException) error).reason())
                        .isEqualTo(ReasoningUnavailableException.Reason.CIRCUIT_OPEN))
                .verify(WAIT);
        server.verify(5, postRequestedFor(urlEqualTo(CHAT)));
        assertThat(meters.get("resilience4j.circuitbreaker.state")
                        .tag("name", "reasoning-llamacpp")
                        .tag("state", "open")
                        .gauge()
                        .value())
                .isEqualTo(1);
    }

    @Test
    void requestsBeyondTheServersSlotsWaitAndFailAsBusyWhenNoSlotFrees() {
        propsWith(false, 1);
        client = client(Map.of("bulkhead.max-wait", "100ms"));
        server.stubFor(
                post(CHAT).willReturn(json(200, chatAnswer("slow", "stop")).withFixedDelay(1_500)));

        List<Object> outcomes = reactor.core.publisher.Flux.merge(
                        client.chat("", "one").map(Object.class::cast).onErrorResume(Mono::just),
                        client.chat("", "two").map(Object.class::cast).onErrorResume(Mono::just))
                .collectList()
                .block(WAIT);

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes).filteredOn(ChatResult.class::isInstance).hasSize(1);
        assertThat(outcomes)
                .filteredOn(ReasoningUnavailableException.class::isInstance)
                .singleElement()
                .extracting(error -> ((ReasoningUnavailableException) error).reason())
                .isEqualTo(ReasoningUnavailableException.Reason.BUSY);
        server.verify(1, postRequestedFor(urlEqualTo(CHAT)));
    }

    // ---- images -----------------------------------------------------------------------------------------------

    @Test
    void imagesAreSentAsDataUrlsWhenTheModelHasVision() {
        propsWith(true, 4);
        server.stubFor(post(CHAT).willReturn(json(200, chatAnswer("A sequence diagram", "stop"))));
        ImageInput image = ImageInput.of(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png");

        StepVerifier.create(
                        client.chat(ChatRequest.of("", "What does this show?").withImages(List.of(image))))
                .expectNextCount(1)
                .expectComplete()
                .verify(WAIT);

        server.verify(postRequestedFor(urlEqualTo(CHAT)).withRequestBody(equalToJson("""
                {"messages":[{"role":"user","content":[
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw=="}},
                   {"type":"text","text":"What does this show?"}]}]}""", true, true)));
    }

    @Test
    void imagesForAModelWithoutVisionFailClearlyBeforeAnyGeneration() {
        ImageInput image = ImageInput.fromDataUrl("data:image/png;base64,iVBORw==");

        StepVerifier.create(
                        client.chat(ChatRequest.of("", "What does this show?").withImages(List.of(image))))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(ReasoningRequestException.class)
                        .hasMessageContaining("does not accept images")
                        .hasMessageContaining("--mmproj"))
                .verify(WAIT);
        server.verify(0, postRequestedFor(urlEqualTo(CHAT)));
    }

    // ---- status and model -------------------------------------------------------------------------------------

    @Test
    void statusIsUpLoadingOrDownFromHealth() {
        server.stubFor(get("/health").willReturn(json(200, "{\"status\":\"ok\"}")));
        StepVerifier.create(client.status())
                .assertNext(status -> assertThat(status.state()).isEqualTo(ReasoningStatus.State.UP))
                .expectComplete()
                .verify(WAIT);

        server.stubFor(get("/health")
                .willReturn(json(
                        503,
                        "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}")));
        StepVerifier.create(client.status())
                .assertNext(status -> {
                    assertThat(status.state()).isEqualTo(ReasoningStatus.State.LOADING);
                    assertThat(status.detail()).contains("Loading model");
                })
                .expectComplete()
                .verify(WAIT);

        StepVerifier.create(client(Map.of("base-url", "http://127.0.0.1:1")).status())
                .assertNext(status -> assertThat(status.state()).isEqualTo(ReasoningStatus.State.DOWN))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void modelInfoComesFromPropsAndTheConcurrencyFollowsTheServersSlots() {
        propsWith(true, 3);

        StepVerifier.create(client.model())
                .assertNext(info -> {
                    assertThat(info.provider()).isEqualTo("llamacpp");
                    assertThat(info.model()).isEqualTo("Qwen3-VL-4B-Instruct-Q4_K_M.gguf");
                    assertThat(info.contextTokens()).isEqualTo(8192);
                    assertThat(info.slots()).isEqualTo(3);
                    assertThat(info.vision()).isTrue();
                })
                .expectComplete()
                .verify(WAIT);
        server.verify(1, getRequestedFor(urlEqualTo("/props")));
    }

    @Test
    void aConfiguredConcurrencyWinsOverTheServersSlots() {
        propsWith(false, 8);
        client = client(Map.of("bulkhead.max-concurrent-calls", "2"));

        StepVerifier.create(client.model())
                .assertNext(info -> assertThat(info.slots()).isEqualTo(2))
                .expectComplete()
                .verify(WAIT);
    }
}
