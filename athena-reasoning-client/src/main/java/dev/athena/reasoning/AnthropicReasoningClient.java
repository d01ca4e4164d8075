package dev.athena.reasoning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import dev.athena.reasoning.AnthropicApi.ContentBlock;
import dev.athena.reasoning.AnthropicApi.Message;
import dev.athena.reasoning.AnthropicApi.MessagesRequest;
import dev.athena.reasoning.AnthropicApi.MessagesResponse;
import dev.athena.reasoning.AnthropicApi.ResponseBlock;
import dev.athena.reasoning.AnthropicApi.Tool;
import dev.athena.reasoning.AnthropicApi.ToolChoice;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.databind.JsonNode;

/**
 * The reasoning port on Claude, through the Anthropic Messages API. Structured output uses a forced tool call: the
 * record's schema is the tool's {@code input_schema} and {@code tool_choice} names it, so the answer arrives as the
 * tool's JSON input, which is then validated like any other.
 */
final class AnthropicReasoningClient implements ReasoningClient {

    static final String PROVIDER = "anthropic";
    private static final Duration STATUS_TTL = Duration.ofSeconds(30);
    private static final String TOOL_DESCRIPTION =
            "Record your answer. Call this tool exactly once with the complete answer as its input.";

    private final AnthropicApi api;
    private final AnthropicReasoningProperties properties;
    private final ReasoningResilience resilience;
    private final ReasoningMetrics metrics;
    private final Mono<ReasoningStatus> status;

    AnthropicReasoningClient(WebClient.Builder builder, AnthropicReasoningProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.api = new AnthropicApi(
                builder,
                properties.baseUrl(),
                properties.apiKey(),
                properties.requestTimeout(),
                properties.healthTimeout());
        this.resilience = new ReasoningResilience("reasoning-" + PROVIDER, properties.resilience(), meters);
        this.metrics = new ReasoningMetrics(meters, PROVIDER);
        // /health may be polled every few seconds; the API is remote and rate-limited.
        this.status = api.probe(properties.model()).cache(STATUS_TTL);
    }

    @Override
    public Mono<ReasoningStatus> status() {
        return status;
    }

    @Override
    public Mono<ReasoningModelInfo> model() {
        return Mono.just(new ReasoningModelInfo(
                PROVIDER,
                properties.model(),
                properties.contextTokens(),
                properties.bulkhead().maxConcurrentCalls(),
                true));
    }

    @Override
    public Mono<ChatResult> chat(ChatRequest request) {
        return metrics.timed(
                        "chat",
                        Mono.defer(
                                () -> timedCall(request(request, false, null)).map(this::textResult)))
                .doOnNext(result -> metrics.recordUsage(result.usage(), result.timings()));
    }

    @Override
    public <T extends Record> Mono<StructuredResult<T>> generateStructured(ChatRequest request, Class<T> recordType) {
        Tool tool = new Tool(RecordSchemas.nameFor(recordType), TOOL_DESCRIPTION, RecordSchemas.schemaFor(recordType));
        return metrics.timed(
                "structured",
                Mono.defer(() -> StructuredGeneration.generate(
                        request,
                        recordType,
                        properties.defaultMaxTokens(),
                        properties.structuredTemperature(),
                        metrics,
                        attempt -> timedCall(request(attempt, false, tool)).map(timed -> {
                            ChatResult text = textResult(timed);
                            metrics.recordUsage(text.usage(), text.timings());
                            return new StructuredGeneration.Answer(
                                    toolInput(timed.response(), tool.name()),
                                    text.finishReason(),
                                    text.usage(),
                                    text.timings(),
                                    text.model());
                        }))));
    }

    @Override
    public Mono<ChatResult> complete(String prompt, GenerationOptions options) {
        return chat(new ChatRequest("", prompt, List.of(), options));
    }

    @Override
    public Flux<String> streamChat(ChatRequest request) {
        return metrics.timed(
                "stream_chat",
                Flux.defer(() -> resilience.stream(api.openStream(request(request, true, null))
                        .map(events -> events.timeout(properties.streamIdleTimeout())
                                .onErrorMap(
                                        TimeoutException.class,
                                        failure -> new ReasoningUnavailableException(
                                                ReasoningUnavailableException.Reason.TIMEOUT,
                                                "the Anthropic API sent nothing for "
                                                        + properties
                                                                .streamIdleTimeout()
                                                                .toMillis() + " ms in the middle of a stream",
                                                null,
                                                failure))
                                .handle(this::streamEvent)))));
    }

    @Override
    public Flux<String> streamCompletion(String prompt, GenerationOptions options) {
        return streamChat(new ChatRequest("", prompt, List.of(), options));
    }

    private record Timed(MessagesResponse response, Duration elapsed) {}

    private Mono<Timed> timedCall(MessagesRequest request) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return resilience
                    .call(api.messages(request))
                    .map(response -> new Timed(response, Duration.ofNanos(System.nanoTime() - start)));
        });
    }

    private MessagesRequest request(ChatRequest request, boolean stream, @Nullable Tool tool) {
        List<ContentBlock> content = new ArrayList<>();
        request.images().forEach(image -> content.add(ContentBlock.image(image)));
        content.add(ContentBlock.text(request.userPrompt()));
        GenerationOptions options = request.options();
        int maxTokens = options.maxTokens() != null ? options.maxTokens() : properties.defaultMaxTokens();
        return new MessagesRequest(
                properties.model(),
                maxTokens,
                request.systemPrompt().isBlank() ? null : request.systemPrompt(),
                List.of(new Message("user", content)),
                options.temperature(),
                options.topP(),
                options.stop(),
                stream,
                tool == null ? List.of() : List.of(tool),
                tool == null ? null : ToolChoice.forced(tool.name()));
    }

    private ChatResult textResult(Timed timed) {
        MessagesResponse response = timed.response();
        StringBuilder text = new StringBuilder();
        for (ResponseBlock block : response.content() == null ? List.<ResponseBlock>of() : response.content()) {
            if ("text".equals(block.type()) && block.text() != null) {
                text.append(block.text());
            }
        }
        TokenUsage usage = response.usage() == null
                ? TokenUsage.NONE
                : new TokenUsage(
                        response.usage().inputTokens(), response.usage().outputTokens());
        FinishReason finish = "max_tokens".equals(response.stopReason()) ? FinishReason.LENGTH : FinishReason.STOP;
        return new ChatResult(
                text.toString(),
                finish,
                usage,
                GenerationTimings.measured(timed.elapsed(), usage),
                response.model() == null ? properties.model() : response.model());
    }

    /**
     * The forced tool call's input; when the model answered in text instead, that text (validation will say why it
     * fails).
     */
    private static String toolInput(MessagesResponse response, String toolName) {
        List<ResponseBlock> blocks = response.content() == null ? List.of() : response.content();
        for (ResponseBlock block : blocks) {
            if ("tool_use".equals(block.type()) && toolName.equals(block.name()) && block.input() != null) {
                return block.input().toString();
            }
        }
        StringBuilder text = new StringBuilder();
        blocks.stream().filter(block -> block.text() != null).forEach(block -> text.append(block.text()));
        return text.toString();
    }

    /**
     * {@code content_block_delta} carries text; {@code message_stop} ends; {@code error} fails; the rest is
     * bookkeeping.
     */
    private void streamEvent(ServerSentEvent<String> event, SynchronousSink<String> sink) {
        String data = event.data();
        if (data == null || data.isBlank()) {
            return;
        }
        JsonNode payload = ReasoningJson.readTreeOrMissing(data);
        String type = payload.path("type").asString(event.event() == null ? "" : event.event());
        switch (type) {
            case "content_block_delta" -> {
                String text = payload.path("delta").path("text").asString("");
                if (!text.isEmpty()) {
                    sink.next(text);
                }
            }
            case "message_start" ->
                recordStreamUsage(new TokenUsage(
                        payload.path("message")
                                .path("usage")
                                .path("input_tokens")
                                .asInt(0),
                        0));
            case "message_delta" ->
                recordStreamUsage(new TokenUsage(
                        0, payload.path("usage").path("output_tokens").asInt(0)));
            case "message_stop" -> sink.complete();
            case "error" -> sink.error(AnthropicErrors.fromStreamError(payload.path("error")));
            default -> {
                // content_block_start, content_block_stop, ping
            }
        }
    }

    private void recordStreamUsage(TokenUsage usage) {
        if (usage.totalTokens() > 0) {
            metrics.recordUsage(usage, new GenerationTimings(Duration.ZERO, null, null, 0));
        }
    }
}
