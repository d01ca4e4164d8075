package dev.athena.reasoning;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

class AnthropicReasoningClientTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MESSAGES = "/v1/messages";
    private static final String PATTERN_INPUT = """
            {"pattern_type":"DECISION","statement":"API keys are bound to projects","confidence":0.93,
             "supporting_events":[{"event_id":"e-4","quote":"Keys are stored hashed with SHA-256"}]}""";

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private SimpleMeterRegistry meters;
    private AnthropicReasoningClient client;

    @BeforeEach
    void setUp() {
        meters = new SimpleMeterRegistry();
        client = client(Map.of());
    }

    private AnthropicReasoningClient client(Map<String, String> overrides) {
        Map<String, String> values =
                TestProperties.fast(Map.of("request-timeout", "15s", "retry.max-retry-after", "2s"));
        values.remove("generation-timeout");
        values.put("base-url", server.baseUrl());
        values.put("api-key", "sk-ant-test");
        values.put("model", "claude-sonnet-4-5");
        values.putAll(overrides);
        var properties = TestProperties.bind(
                AnthropicReasoningProperties.CONFIG_PREFIX, AnthropicReasoningProperties.class, values);
        return new AnthropicReasoningClient(WebClient.builder(), properties, meters);
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static String textMessage(String text, String stopReason) {
        return """
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
                 "content":[{"type":"text","text":%s}],"stop_reason":"%s","stop_sequence":null,
                 "usage":{"input_tokens":210,"output_tokens":35}}""".formatted(ReasoningJson.write(text), stopReason);
    }

    private static String toolMessage(String input, String stopReason) {
        return """
                {"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
                 "content":[{"type":"tool_use","id":"toolu_01","name":"ExtractedPattern","input":%s}],
                 "stop_reason":"%s","usage":{"input_tokens":400,"output_tokens":60}}""".formatted(input, stopReason);
    }

    private static String error(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"%s\",\"message\":\"%s\"}}".formatted(type, message);
    }

    @Test
    void chatCallsTheMessagesApiWithKeyVersionModelAndSystemPrompt() {
        server.stubFor(post(MESSAGES).willReturn(json(200, textMessage("Bind API keys to projects.", "end_turn"))));

        StepVerifier.create(client.chat("You validate consolidation patterns", "Is this pattern grounded?"))
                .assertNext(result -> {
                    assertThat(result.text()).isEqualTo("Bind API keys to projects.");
                    assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
                    assertThat(result.usage()).isEqualTo(new TokenUsage(210, 35));
                    assertThat(result.model()).isEqualTo("claude-sonnet-4-5-20250929");
                    assertThat(result.timings().total()).isPositive();
                })
                .expectComplete()
                .verify(WAIT);

        server.verify(postRequestedFor(urlEqualTo(MESSAGES))
                .withHeader("x-api-key", equalTo("sk-ant-test"))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withRequestBody(equalToJson("""
                        {"model":"claude-sonnet-4-5","max_tokens":1024,"system":"You validate consolidation patterns",
                         "messages":[{"role":"user","content":[{"type":"text","text":"Is this pattern \
                        grounded?"}]}]}""", true, true)));
        assertThat(meters.get(ReasoningMetrics.TOKENS)
                        .tag("provider", "anthropic")
                        .tag("type", "prompt")
                        .counter()
                        .count())
                .isEqualTo(210);
    }

    @Test
    void structuredOutputForcesAToolWhoseInputSchemaIsTheRecordsSchema() {
        server.stubFor(post(MESSAGES).willReturn(json(200, toolMessage(PATTERN_INPUT, "tool_use"))));

        StepVerifier.create(client.generateStructured(
                        "Extract one pattern", "events...", ExtractedPattern.class, GenerationOptions.defaults()))
                .assertNext(result -> {
                    assertThat(result.value().patternType()).isEqualTo(ExtractedPattern.Kind.DECISION);
                    assertThat(result.value().statement()).isEqualTo("API keys are bound to projects");
                    assertThat(result.attempts()).isEqualTo(1);
                })
                .expectComplete()
                .verify(WAIT);

        JsonNode sent = ReasoningJson.MAPPER.readTree(
                server.findAll(postRequestedFor(urlEqualTo(MESSAGES))).get(0).getBodyAsString());
        assertThat(sent.get("tool_choice").get("type").asString()).isEqualTo("tool");
        assertThat(sent.get("tool_choice").get("name").asString()).isEqualTo("ExtractedPattern");
        JsonNode schema = sent.get("tools").get(0).get("input_schema");
        assertThat(schema.get("type").asString()).isEqualTo("object");
        assertThat(schema.get("properties").has("supporting_events")).isTrue();
        assertThat(sent.get("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void anInvalidToolInputIsRepairedOnce() {
        server.stubFor(post(MESSAGES)
                .inScenario("repair")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("again")
                .willReturn(json(
                        200,
                        toolMessage(
                                "{\"pattern_type\":\"RUMOUR\",\"statement\":\"x\",\"confidence\":1,\"supporting_events\":[]}",
                                "tool_use"))));
        server.stubFor(post(MESSAGES)
                .inScenario("repair")
                .whenScenarioStateIs("again")
                .willReturn(json(200, toolMessage(PATTERN_INPUT, "tool_use"))));

        StepVerifier.create(client.generateStructured(
                        "Extract", "events", ExtractedPattern.class, GenerationOptions.defaults()))
                .assertNext(result -> {
                    assertThat(result.attempts()).isEqualTo(2);
                    assertThat(result.usage()).isEqualTo(new TokenUsage(800, 120));
                })
                .expectComplete()
                .verify(WAIT);
        server.verify(postRequestedFor(urlEqualTo(MESSAGES))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("2048")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].text", containing("RUMOUR"))));
    }

    @Test
    void aToolCallCutAtMaxTokensIsRetriedWithTwiceTheBudget() {
        server.stubFor(post(MESSAGES)
                .inScenario("cut")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("again")
                .willReturn(json(200, toolMessage("{\"pattern_type\":\"DECISION\"}", "max_tokens"))));
        server.stubFor(post(MESSAGES)
                .inScenario("cut")
                .whenScenarioStateIs("again")
                .willReturn(json(200, toolMessage(PATTERN_INPUT, "tool_use"))));

        StepVerifier.create(client.generateStructured(
                        "Extract",
                        "events",
                        ExtractedPattern.class,
                        GenerationOptions.defaults().withMaxTokens(100)))
                .assertNext(result -> assertThat(result.attempts()).isEqualTo(2))
                .expectComplete()
                .verify(WAIT);
        server.verify(postRequestedFor(urlEqualTo(MESSAGES))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("200"))));
    }

    @Test
    void a429WithRetryAfterIsHonouredThenSucceeds() {
        server.stubFor(post(MESSAGES)
                .inScenario("limit")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("ok")
                .willReturn(json(
                                429,
                                error(
                                        "rate_limit_error",
                                        "Number of request tokens has exceeded your per-minute rate limit"))
                        .withHeader("retry-after", "1")));
        server.stubFor(post(MESSAGES)
                .inScenario("limit")
                .whenScenarioStateIs("ok")
                .willReturn(json(200, textMessage("done", "end_turn"))));

        StepVerifier.create(client.chat("", "hello"))
                .assertNext(result -> assertThat(result.text()).isEqualTo("done"))
                .expectComplete()
                .verify(WAIT);

        server.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
        assertThat(meters.get("resilience4j.retry.calls")
                        .tag("name", "reasoning-anthropic")
                        .tag("kind", "successful_with_retry")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aRetryAfterLongerThanTheBoundFailsAtOnceWithTheWaitAttached() {
        server.stubFor(post(MESSAGES)
                .willReturn(json(429, error("rate_limit_error", "rate limited")).withHeader("retry-after", "120")));

        StepVerifier.create(client.chat("", "hello"))
                .expectErrorSatisfies(error -> {
                    ReasoningUnavailableException unavailable = (ReasoningUnavailableException) error;
                    assertThat(unavailable.reason()).isEqualTo(ReasoningUnavailableException.Reason.RATE_LIMITED);
                    assertThat(unavailable.retryAfter()).contains(Duration.ofSeconds(120));
                    assertThat(unavailable.isTransient()).isTrue();
                })
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void a529OverloadedIsTransientAndRetried() {
        server.stubFor(post(MESSAGES)
                .inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("ok")
                .willReturn(json(529, error("overloaded_error", "Overloaded"))));
        server.stubFor(post(MESSAGES)
                .inScenario("busy")
                .whenScenarioStateIs("ok")
                .willReturn(json(200, textMessage("ok", "end_turn"))));

        StepVerifier.create(client.chat("", "hello"))
                .expectNextCount(1)
                .expectComplete()
                .verify(WAIT);
        server.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void theCircuitBreakerOpensAfterRepeatedServerFailuresAndStopsCalling() {
        meters = new SimpleMeterRegistry(); // the state gauge belongs to the first client registered under the name
        client = client(Map.of("retry.max-attempts", "1"));
        server.stubFor(post(MESSAGES).willReturn(json(500, error("api_error", "Internal server error"))));

        for (int i = 0; i < 5; i++) {
            StepVerifier.create(client.chat("", "hello"))
                    .expectError(ReasoningUnavailableException.class)
                    .verify(WAIT);
        }
        StepVerifier.create(client.chat("", "hello"))
                .expectErrorSatisfies(error -> assertThat(((ReasoningUnavailableException) error).reason())
                        .isEqualTo(ReasoningUnavailableException.Reason.CIRCUIT_OPEN))
                .verify(WAIT);
        server.verify(5, postRequestedFor(urlEqualTo(MESSAGES)));
        assertThat(meters.get("resilience4j.circuitbreaker.state")
                        .tag("name", "reasoning-anthropic")
                        .tag("state", "open")
                        .gauge()
                        .value())
                .isEqualTo(1);
    }

    @Test
    void requestsBeyondTheBulkheadWaitAndFailAsBusyWhenNoPlaceFrees() {
        client = client(Map.of("bulkhead.max-concurrent-calls", "1", "bulkhead.max-wait", "100ms"));
        server.stubFor(post(MESSAGES)
                .willReturn(json(200, textMessage("slow", "end_turn")).withFixedDelay(1_500)));

        List<Object> outcomes = Flux.merge(
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
        server.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void aPromptTooLongIsAContextErrorWithTheCounts() {
        server.stubFor(post(MESSAGES)
                .willReturn(json(
                        400, error("invalid_request_error", "prompt is too long: 208315 tokens > 200000 maximum"))));

        StepVerifier.create(client.chat("", "huge"))
                .expectErrorSatisfies(error -> {
                    ContextLengthExceededException exceeded = (ContextLengthExceededException) error;
                    assertThat(exceeded.promptTokens()).hasValue(208315);
                    assertThat(exceeded.contextTokens()).hasValue(200000);
                })
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void aWrongKeyIsPermanentAndNotRetried() {
        server.stubFor(post(MESSAGES).willReturn(json(401, error("authentication_error", "invalid x-api-key"))));

        StepVerifier.create(client.chat("", "hello"))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(ReasoningRequestException.class)
                        .hasMessageContaining("invalid x-api-key")
                        .hasMessageContaining("ANTHROPIC_API_KEY"))
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void aSlowAnswerTimesOut() {
        client = client(Map.of("request-timeout", "300ms"));
        server.stubFor(post(MESSAGES)
                .willReturn(json(200, textMessage("late", "end_turn")).withFixedDelay(3_000)));

        StepVerifier.create(client.chat("", "hello"))
                .expectErrorSatisfies(error -> assertThat(((ReasoningUnavailableException) error).reason())
                        .isEqualTo(ReasoningUnavailableException.Reason.TIMEOUT))
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void imagesAreSentAsBase64Blocks() {
        server.stubFor(post(MESSAGES).willReturn(json(200, textMessage("A diagram", "end_turn"))));

        StepVerifier.create(client.chat(ChatRequest.of("", "What is this?")
                        .withImages(List.of(ImageInput.fromDataUrl("data:image/jpeg;base64,/9j/4AAQ")))))
                .expectNextCount(1)
                .expectComplete()
                .verify(WAIT);

        server.verify(postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(equalToJson("""
                {"messages":[{"role":"user","content":[
                  {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}},
                  {"type":"text","text":"What is this?"}]}]}""", true, true)));
    }

    @Test
    void streamsTextDeltasUntilMessageStop() {
        server.stubFor(post(MESSAGES)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":25,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: ping
                data: {"type": "ping"}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" there"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":15}}

                event: message_stop
                data: {"type":"message_stop"}

                """)));

        StepVerifier.create(client.streamChat(ChatRequest.of("", "Say hello")))
                .expectNext("Hello", " there")
                .expectComplete()
                .verify(WAIT);
        server.verify(
                postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
        assertThat(meters.get(ReasoningMetrics.TOKENS)
                        .tag("provider", "anthropic")
                        .tag("type", "completion")
                        .counter()
                        .count())
                .isEqualTo(15);
    }

    @Test
    void anErrorEventInTheStreamEndsItWithThatError() {
        server.stubFor(post(MESSAGES)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody("""
                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

                event: error
                data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

                """)));

        StepVerifier.create(client.streamChat(ChatRequest.of("", "Say hello")))
                .expectNext("Hel")
                .expectErrorSatisfies(error -> assertThat(((ReasoningUnavailableException) error).reason())
                        .isEqualTo(ReasoningUnavailableException.Reason.OVERLOADED))
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void statusProbesTheModelsListOnceAndCachesIt() {
        server.stubFor(get(urlPathEqualTo("/v1/models"))
                .willReturn(json(200, "{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-5\"}]}")));

        StepVerifier.create(client.status())
                .assertNext(status -> {
                    assertThat(status.state()).isEqualTo(ReasoningStatus.State.UP);
                    assertThat(status.detail()).contains("claude-sonnet-4-5");
                })
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(client.status()).expectNextCount(1).expectComplete().verify(WAIT);

        server.verify(1, getRequestedFor(urlPathEqualTo("/v1/models")).withHeader("x-api-key", equalTo("sk-ant-test")));
    }

    @Test
    void statusIsDownWhenTheKeyIsRejected() {
        server.stubFor(get(urlPathEqualTo("/v1/models"))
                .willReturn(json(401, error("authentication_error", "invalid x-api-key"))));

        StepVerifier.create(client.status())
                .assertNext(status -> {
                    assertThat(status.state()).isEqualTo(ReasoningStatus.State.DOWN);
                    assertThat(status.detail()).contains("invalid x-api-key");
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void rawCompletionSendsThePromptAsTheUsersMessage() {
        server.stubFor(post(MESSAGES).willReturn(json(200, textMessage("4", "end_turn"))));

        StepVerifier.create(client.complete("2+2=", GenerationOptions.defaults().withStop(List.of("\n"))))
                .assertNext(result -> assertThat(result.text()).isEqualTo("4"))
                .expectComplete()
                .verify(WAIT);
        server.verify(postRequestedFor(urlEqualTo(MESSAGES))
                .withRequestBody(equalToJson(
                        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"2+2=\"}]}],\"stop_sequences\":[\"\\n\"]}",
                        true,
                        true)));
    }
}
