package dev.athena.reasoning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import dev.athena.reasoning.LlamaCppApi.ChatCompletionRequest;
import dev.athena.reasoning.LlamaCppApi.ChatCompletionResponse;
import dev.athena.reasoning.LlamaCppApi.CompletionRequest;
import dev.athena.reasoning.LlamaCppApi.CompletionResponse;
import dev.athena.reasoning.LlamaCppApi.ContentPart;
import dev.athena.reasoning.LlamaCppApi.Message;
import dev.athena.reasoning.LlamaCppApi.Props;
import dev.athena.reasoning.LlamaCppApi.ResponseFormat;
import dev.athena.reasoning.LlamaCppApi.Timings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import tools.jackson.databind.JsonNode;

/**
 * The reasoning port on a llama.cpp {@code llama-server} (Qwen3-VL-4B-Instruct in the reference set-up), over its
 * OpenAI-compatible chat route (the server runs with {@code --jinja}) and its native {@code /completion}.
 *
 * <p>Requests wait for one of the server's slots before they are sent, because an overloaded llama-server queues
 * without limit and only a client-side timeout would notice; the slot count comes from {@code /props}
 * ({@code total_slots}) unless configured.
 */
final class LlamaCppReasoningClient implements ReasoningClient {

    static final String PROVIDER = "llamacpp";
    private static final Duration PROPS_TTL = Duration.ofMinutes(5);
    private static final Duration PROPS_FAILURE_TTL = Duration.ofSeconds(30);

    private final LlamaCppApi api;
    private final LlamaCppReasoningProperties properties;
    private final ReasoningResilience resilience;
    private final ReasoningMetrics metrics;
    private final Mono<Props> props;

    LlamaCppReasoningClient(WebClient.Builder builder, LlamaCppReasoningProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.api = new LlamaCppApi(
                builder,
                properties.baseUrl(),
                properties.apiKey(),
                properties.generationTimeout(),
                properties.healthTimeout());
        this.resilience = new ReasoningResilience("reasoning-" + PROVIDER, properties.resilience(), meters);
        this.metrics = new ReasoningMetrics(meters, PROVIDER);
        this.props = api.props()
                .doOnNext(serverProps -> resilience.matchServerSlots(serverProps.totalSlots()))
                .cache(value -> PROPS_TTL, failure -> PROPS_FAILURE_TTL, () -> PROPS_FAILURE_TTL);
    }

    @Override
    public Mono<ReasoningStatus> status() {
        return api.health().map(status -> {
            if (status.state() == ReasoningStatus.State.UP && resilience.circuitState() == CircuitBreaker.State.OPEN) {
                return ReasoningStatus.up("circuit breaker open after repeated failures; calls resume after "
                        + properties.circuitBreaker().waitInOpenState().toSeconds() + "s");
            }
            return status;
        });
    }

    @Override
    public Mono<ReasoningModelInfo> model() {
        return props.map(p -> new ReasoningModelInfo(
                PROVIDER, p.modelName(), p.slotContext(), resilience.maxConcurrentCalls(), p.vision()));
    }

    @Override
    public Mono<ChatResult> chat(ChatRequest request) {
        return metrics.timed(
                        "chat",
                        prepared(request)
                                .then(Mono.defer(
                                        () -> timed(resilience.call(api.chat(chatRequest(request, false, null))))
                                                .map(timed -> toResult(timed.value(), timed.elapsed())))))
                .doOnNext(result -> metrics.recordUsage(result.usage(), result.timings()));
    }

    @Override
    public <T extends Record> Mono<StructuredResult<T>> generateStructured(ChatRequest request, Class<T> recordType) {
        ResponseFormat format =
                ResponseFormat.jsonSchema(RecordSchemas.nameFor(recordType), RecordSchemas.schemaFor(recordType));
        return metrics.timed(
                "structured",
                prepared(request)
                        .then(Mono.defer(() -> StructuredGeneration.generate(
                                request,
                                recordType,
                                properties.defaultMaxTokens(),
                                properties.structuredTemperature(),
                                metrics,
                                attempt -> timed(resilience.call(api.chat(chatRequest(attempt, false, format))))
                                        .map(timed -> toResult(timed.value(), timed.elapsed()))
                                        .doOnNext(result -> metrics.recordUsage(result.usage(), result.timings()))
                                        .map(result -> new StructuredGeneration.Answer(
                                                result.text(),
                                                result.finishReason(),
                                                result.usage(),
                                                result.timings(),
                                                result.model()))))));
    }

    @Override
    public Mono<ChatResult> complete(String prompt, GenerationOptions options) {
        requirePrompt(prompt);
        return metrics.timed(
                        "completion",
                        knownSlots()
                                .then(Mono.defer(() -> timed(resilience.call(
                                                api.complete(completionRequest(prompt, options, false))))
                                        .map(timed -> toResult(timed.value(), timed.elapsed())))))
                .doOnNext(result -> metrics.recordUsage(result.usage(), result.timings()));
    }

    @Override
    public Flux<String> streamChat(ChatRequest request) {
        return metrics.timed(
                "stream_chat",
                prepared(request)
                        .thenMany(Flux.defer(() -> resilience.stream(
                                api.openStream("/v1/chat/completions", chatRequest(request, true, null))
                                        .map(events -> idleBounded(events).handle(this::openAiChunk))))));
    }

    @Override
    public Flux<String> streamCompletion(String prompt, GenerationOptions options) {
        requirePrompt(prompt);
        return metrics.timed(
                "stream_completion",
                knownSlots()
                        .thenMany(Flux.defer(() -> resilience.stream(
                                api.openStream("/completion", completionRequest(prompt, options, true))
                                        .map(events -> idleBounded(events).handle(this::completionChunk))))));
    }

    // ---- requests ---------------------------------------------------------------------------------------------

    /** Learns the slot count before the first call, and checks that a request with images can be served. */
    private Mono<Void> prepared(ChatRequest request) {
        if (request.images().isEmpty()) {
            return knownSlots();
        }
        return props.onErrorMap(failure -> new ReasoningRequestException(
                        "cannot send images: Athena could not read " + api.server()
                                + "/props to check that the model accepts them (" + failure.getMessage() + ")",
                        0))
                .flatMap(serverProps -> serverProps.vision()
                        ? Mono.<Void>empty()
                        : Mono.error(new ReasoningRequestException(
                                "the reasoning model at " + api.server()
                                        + " does not accept images (/props reports modalities.vision = false): "
                                        + "start llama-server with"
                                        + " --mmproj <the model's mmproj gguf>, or send text only",
                                0)));
    }

    private Mono<Void> knownSlots() {
        return props.then().onErrorResume(failure -> Mono.empty());
    }

    private ChatCompletionRequest chatRequest(ChatRequest request, boolean stream, @Nullable ResponseFormat format) {
        List<Message> messages = new ArrayList<>(2);
        if (!request.systemPrompt().isBlank()) {
            messages.add(new Message("system", request.systemPrompt()));
        }
        if (request.images().isEmpty()) {
            messages.add(new Message("user", request.userPrompt()));
        } else {
            List<ContentPart> parts = new ArrayList<>();
            request.images().forEach(image -> parts.add(ContentPart.image(image.toDataUrl())));
            parts.add(ContentPart.text(request.userPrompt()));
            messages.add(new Message("user", parts));
        }
        GenerationOptions options = request.options();
        return new ChatCompletionRequest(
                messages,
                blankToNull(properties.model()),
                maxTokens(options),
                options.temperature(),
                options.topP(),
                options.stop(),
                options.seed(),
                stream,
                format);
    }

    private CompletionRequest completionRequest(String prompt, GenerationOptions options, boolean stream) {
        return new CompletionRequest(
                prompt,
                maxTokens(options),
                options.temperature(),
                options.topP(),
                options.stop(),
                options.seed(),
                stream,
                true);
    }

    private int maxTokens(GenerationOptions options) {
        return options.maxTokens() != null ? options.maxTokens() : properties.defaultMaxTokens();
    }

    // ---- responses --------------------------------------------------------------------------------------------

    private record Timed<T>(T value, Duration elapsed) {}

    private static <T> Mono<Timed<T>> timed(Mono<T> call) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return call.map(value -> new Timed<>(value, Duration.ofNanos(System.nanoTime() - start)));
        });
    }

    private ChatResult toResult(ChatCompletionResponse response, Duration elapsed) {
        if (response.choices() == null || response.choices().isEmpty()) {
            throw new ReasoningException("llama.cpp at " + api.server() + " answered without choices", false);
        }
        LlamaCppApi.Choice choice = response.choices().get(0);
        String text = choice.message() == null || choice.message().content() == null
                ? ""
                : choice.message().content();
        TokenUsage usage = response.usage() == null
                ? TokenUsage.NONE
                : new TokenUsage(
                        response.usage().promptTokens(), response.usage().completionTokens());
        FinishReason finish = "length".equals(choice.finishReason()) ? FinishReason.LENGTH : FinishReason.STOP;
        return new ChatResult(
                text, finish, usage, timings(response.timings(), usage, elapsed), modelOf(response.model()));
    }

    private ChatResult toResult(CompletionResponse response, Duration elapsed) {
        TokenUsage usage = new TokenUsage(response.tokensEvaluated(), response.tokensPredicted());
        return new ChatResult(
                response.content() == null ? "" : response.content(),
                response.hitLimit() ? FinishReason.LENGTH : FinishReason.STOP,
                usage,
                timings(response.timings(), usage, elapsed),
                modelOf(response.model()));
    }

    /** The server's own timings when it reports them (they exclude queueing and the network), else the wall time. */
    private static GenerationTimings timings(@Nullable Timings timings, TokenUsage usage, Duration elapsed) {
        if (timings == null) {
            return GenerationTimings.measured(elapsed, usage);
        }
        Duration prompt = Duration.ofNanos((long) (timings.promptMs() * 1_000_000));
        Duration generation = Duration.ofNanos((long) (timings.predictedMs() * 1_000_000));
        return new GenerationTimings(elapsed, prompt, generation, timings.predictedPerSecond());
    }

    private String modelOf(@Nullable String reported) {
        if (reported != null && !reported.isBlank()) {
            return reported;
        }
        return properties.model().isBlank() ? PROVIDER : properties.model();
    }

    private Flux<ServerSentEvent<String>> idleBounded(Flux<ServerSentEvent<String>> events) {
        return events.timeout(properties.streamIdleTimeout())
                .onErrorMap(
                        TimeoutException.class,
                        failure -> new ReasoningUnavailableException(
                                ReasoningUnavailableException.Reason.TIMEOUT,
                                "llama.cpp at " + api.server() + " sent nothing for "
                                        + properties.streamIdleTimeout().toMillis() + " ms in the middle of a stream",
                                null,
                                failure));
    }

    /** OpenAI-style chunk: {@code choices[0].delta.content}, ended by {@code [DONE]}. */
    private void openAiChunk(ServerSentEvent<String> event, SynchronousSink<String> sink) {
        String data = event.data();
        if (data == null || data.isBlank()) {
            return; // a ": ping" comment or a keep-alive
        }
        if ("[DONE]".equals(data.strip())) {
            sink.complete();
            return;
        }
        JsonNode chunk = parseChunk(data, sink);
        if (chunk == null) {
            return;
        }
        JsonNode choice = chunk.path("choices").path(0);
        String content = choice.path("delta").path("content").asString("");
        if (!content.isEmpty()) {
            sink.next(content);
        }
        if (choice.hasNonNull("finish_reason")) {
            recordStreamUsage(chunk);
        }
    }

    /** Native {@code /completion} chunk: {@code content}, the last one has {@code stop: true}; no {@code [DONE]}. */
    private void completionChunk(ServerSentEvent<String> event, SynchronousSink<String> sink) {
        String data = event.data();
        if (data == null || data.isBlank()) {
            return;
        }
        JsonNode chunk = parseChunk(data, sink);
        if (chunk == null) {
            return;
        }
        String content = chunk.path("content").asString("");
        if (!content.isEmpty()) {
            sink.next(content);
        }
        if (chunk.path("stop").asBoolean(false)) {
            recordStreamUsage(chunk);
            sink.complete();
        }
    }

    private @Nullable JsonNode parseChunk(String data, SynchronousSink<String> sink) {
        JsonNode chunk = ReasoningJson.readTreeOrMissing(data);
        if (chunk.isMissingNode()) {
            sink.error(new ReasoningException(
                    "llama.cpp at " + api.server() + " streamed an unreadable event: " + ReasoningJson.snippet(data),
                    false));
            return null;
        }
        if (chunk.has("error")) {
            sink.error(LlamaCppErrors.fromStreamError(chunk.get("error"), api.server()));
            return null;
        }
        return chunk;
    }

    private void recordStreamUsage(JsonNode chunk) {
        JsonNode timings = chunk.path("timings");
        if (timings.isObject()) {
            Timings parsed = ReasoningJson.MAPPER.treeToValue(timings, Timings.class);
            TokenUsage usage = new TokenUsage(parsed.promptN(), parsed.predictedN());
            metrics.recordUsage(usage, timings(parsed, usage, Duration.ZERO));
        }
    }

    private static void requirePrompt(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("the prompt must not be empty");
        }
    }

    private static @Nullable String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
