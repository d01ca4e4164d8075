package dev.athena.reasoning;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP API of llama.cpp's {@code llama-server}: requests and responses as records, errors classified once
 * ({@link LlamaCppErrors}), a timeout on every call. Tolerant of old and new response shapes.
 */
final class LlamaCppApi {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS =
            new ParameterizedTypeReference<>() {};

    private final WebClient http;
    private final String server;
    private final Duration generationTimeout;
    private final Duration healthTimeout;

    LlamaCppApi(
            WebClient.Builder builder,
            String baseUrl,
            String apiKey,
            Duration generationTimeout,
            Duration healthTimeout) {
        WebClient.Builder configured = builder.clone().baseUrl(baseUrl);
        if (apiKey != null && !apiKey.isBlank()) {
            configured.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey);
        }
        this.http = configured.build();
        this.server = baseUrl;
        this.generationTimeout = generationTimeout;
        this.healthTimeout = healthTimeout;
    }

    String server() {
        return server;
    }

    // ---- DTOs -------------------------------------------------------------------------------------------------

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ChatCompletionRequest(
            List<Message> messages,
            @Nullable String model,
            @JsonProperty("max_tokens") @Nullable Integer maxTokens,
            @Nullable Double temperature,
            @JsonProperty("top_p") @Nullable Double topP,
            List<String> stop,
            @Nullable Long seed,
            boolean stream,
            @JsonProperty("response_format") @Nullable ResponseFormat responseFormat) {}

    /** {@code content} is a string, or a list of {@link ContentPart}s when images are attached. */
    record Message(String role, Object content) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ContentPart(
            String type,
            @Nullable String text,
            @JsonProperty("image_url") @Nullable ImageUrl imageUrl) {

        static ContentPart text(String text) {
            return new ContentPart("text", text, null);
        }

        static ContentPart image(String dataUrl) {
            return new ContentPart("image_url", null, new ImageUrl(dataUrl));
        }
    }

    record ImageUrl(String url) {}

    /**
     * The nested OpenAI form; the flat {@code {"type":"json_schema","schema":...}} is silently ignored by the server.
     */
    record ResponseFormat(
            String type, @JsonProperty("json_schema") JsonSchemaSpec jsonSchema) {

        static ResponseFormat jsonSchema(String name, JsonNode schema) {
            return new ResponseFormat("json_schema", new JsonSchemaSpec(name, schema));
        }
    }

    record JsonSchemaSpec(String name, JsonNode schema) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChatCompletionResponse(
            List<Choice> choices,
            @Nullable Usage usage,
            @Nullable String model,
            @Nullable Timings timings) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(
            @JsonProperty("finish_reason") @Nullable String finishReason,
            @Nullable AssistantMessage message) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AssistantMessage(@Nullable String content) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(
            @JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("completion_tokens") int completionTokens) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Timings(
            @JsonProperty("prompt_n") int promptN,
            @JsonProperty("prompt_ms") double promptMs,
            @JsonProperty("predicted_n") int predictedN,
            @JsonProperty("predicted_ms") double predictedMs,
            @JsonProperty("predicted_per_second") double predictedPerSecond) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record CompletionRequest(
            String prompt,
            @JsonProperty("n_predict") @Nullable Integer nPredict,
            @Nullable Double temperature,
            @JsonProperty("top_p") @Nullable Double topP,
            List<String> stop,
            @Nullable Long seed,
            boolean stream,
            @JsonProperty("cache_prompt") boolean cachePrompt) {}

    /** {@code stop_type} in current builds; {@code stopped_limit} in older ones. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CompletionResponse(
            @Nullable String content,
            @JsonProperty("stop_type") @Nullable String stopType,
            @JsonProperty("stopped_limit") boolean stoppedLimit,
            @JsonProperty("tokens_predicted") int tokensPredicted,
            @JsonProperty("tokens_evaluated") int tokensEvaluated,
            @Nullable String model,
            @Nullable Timings timings) {

        boolean hitLimit() {
            return "limit".equals(stopType) || stoppedLimit;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Props(
            @JsonProperty("default_generation_settings") @Nullable
            GenerationSettings defaults,

            @JsonProperty("total_slots") int totalSlots,
            @JsonProperty("model_path") @Nullable String modelPath,
            @Nullable Modalities modalities,
            @JsonProperty("n_ctx") int contextTokens) {

        int slotContext() {
            return defaults != null && defaults.contextTokens() > 0 ? defaults.contextTokens() : contextTokens;
        }

        boolean vision() {
            return modalities != null && modalities.vision();
        }

        String modelName() {
            if (modelPath == null || modelPath.isBlank()) {
                return "unknown";
            }
            String normalised = modelPath.replace('\\', '/');
            return normalised.substring(normalised.lastIndexOf('/') + 1);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record GenerationSettings(@JsonProperty("n_ctx") int contextTokens) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Modalities(boolean vision) {}

    // ---- calls ------------------------------------------------------------------------------------------------

    Mono<ChatCompletionResponse> chat(ChatCompletionRequest request) {
        return post("/v1/chat/completions", request, ChatCompletionResponse.class);
    }

    Mono<CompletionResponse> complete(CompletionRequest request) {
        return post("/completion", request, CompletionResponse.class);
    }

    /** Opens a stream: emits once the server accepted the request (status 200), then the events flow. */
    Mono<Flux<ServerSentEvent<String>>> openStream(String path, Object request) {
        return http.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .bodyValue(ReasoningJson.write(request))
                .retrieve()
                .onStatus(HttpStatusCode::isError, this::error)
                .toEntityFlux(EVENTS)
                .map(entity -> entity.getBody() == null ? Flux.<ServerSentEvent<String>>empty() : entity.getBody())
                .timeout(generationTimeout)
                .onErrorMap(failure -> translate(failure, generationTimeout));
    }

    Mono<Props> props() {
        return http.get()
                .uri("/props")
                .retrieve()
                .onStatus(HttpStatusCode::isError, this::error)
                .bodyToMono(String.class)
                .map(body -> ReasoningJson.read(body, Props.class))
                .timeout(healthTimeout)
                .onErrorMap(failure -> translate(failure, healthTimeout));
    }

    /** {@code GET /health}: 200 when ready, 503 while the model loads. */
    Mono<ReasoningStatus> health() {
        return http.get()
                .uri("/health")
                .exchangeToMono(response -> response.bodyToMono(String.class)
                        .defaultIfEmpty("")
                        .map(body -> healthOf(response.statusCode().value(), body)))
                .timeout(healthTimeout)
                .onErrorResume(failure -> Mono.just(
                        ReasoningStatus.down(translate(failure, healthTimeout).getMessage())));
    }

    private ReasoningStatus healthOf(int status, String body) {
        if (status == 200) {
            return ReasoningStatus.up("");
        }
        JsonNode error = ReasoningJson.readTreeOrMissing(body).path("error");
        String message = error.path("message").asString(ReasoningJson.snippet(body));
        if (status == 503) {
            return ReasoningStatus.loading("llama.cpp at " + server + ": " + message);
        }
        return ReasoningStatus.down("llama.cpp at " + server + " answered " + status + ": " + message);
    }

    private <T> Mono<T> post(String path, Object request, Class<T> responseType) {
        return http.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ReasoningJson.write(request))
                .retrieve()
                .onStatus(HttpStatusCode::isError, this::error)
                .bodyToMono(String.class)
                .map(body -> readBody(body, responseType))
                .timeout(generationTimeout)
                .onErrorMap(failure -> translate(failure, generationTimeout));
    }

    private <T> T readBody(String body, Class<T> type) {
        try {
            return ReasoningJson.read(body, type);
        } catch (RuntimeException e) {
            throw new ReasoningException(
                    "llama.cpp at " + server + " answered a body Athena cannot read: " + ReasoningJson.snippet(body),
                    false,
                    null,
                    e);
        }
    }

    private Mono<ReasoningException> error(ClientResponse response) {
        int status = response.statusCode().value();
        return response.bodyToMono(String.class)
                .defaultIfEmpty("")
                .map(body -> LlamaCppErrors.fromResponse(status, body, server));
    }

    private Throwable translate(Throwable failure, Duration timeout) {
        if (failure instanceof ReasoningException) {
            return failure;
        }
        if (failure instanceof TimeoutException) {
            return new ReasoningUnavailableException(
                    ReasoningUnavailableException.Reason.TIMEOUT,
                    "llama.cpp at " + server + " did not answer within " + timeout.toMillis() + " ms"
                            + " (CPU inference is slow: raise athena.reasoning.llamacpp.generation-timeout if "
                            + "this is expected)",
                    null,
                    failure);
        }
        if (failure instanceof WebClientRequestException
                || failure instanceof IOException
                || failure.getCause() instanceof IOException) {
            return new ReasoningUnavailableException(
                    ReasoningUnavailableException.Reason.UNREACHABLE,
                    "llama.cpp at " + server + " is unreachable or closed the connection: " + failure.getMessage(),
                    null,
                    failure);
        }
        return new ReasoningException("llama.cpp at " + server + " failed: " + failure, false, null, failure);
    }
}
