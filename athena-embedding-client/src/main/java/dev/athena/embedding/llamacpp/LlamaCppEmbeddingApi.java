package dev.athena.embedding.llamacpp;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.athena.embedding.llamacpp.LlamaCppEmbeddingProperties.Api;
import dev.athena.embedding.llamacpp.LlamaCppEmbeddingProperties.EncodingFormat;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The llama.cpp {@code llama-server --embedding} HTTP API: {@code POST /v1/embeddings}, {@code POST /embedding},
 * {@code GET /v1/models} and {@code GET /health}. One attempt per call, bounded by a timeout, every failure turned into
 * a {@link LlamaCppEmbeddingException} of a known {@link FailureKind}; retrying is the caller's business.
 */
final class LlamaCppEmbeddingApi {

    static final String EMBEDDINGS_ROUTE = "/v1/embeddings";
    static final String NATIVE_ROUTE = "/embedding";
    static final String MODELS_ROUTE = "/v1/models";
    static final String HEALTH_ROUTE = "/health";
    /** Room for a large batch of wide vectors written as JSON numbers (about 20 bytes per component). */
    static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

    private static final byte[] NO_BODY = new byte[0];

    private final WebClient web;
    private final JsonMapper json;
    private final EmbeddingAnswers answers;
    private final ErrorAnswers errors;
    private final EmbeddingMetrics metrics;
    private final String baseUrl;
    private final String model;
    private final Api api;
    private final EncodingFormat encodingFormat;
    private final Duration requestTimeout;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OpenAiRequest(
            @JsonProperty("input") List<String> input,
            @JsonProperty("model") String model,
            @JsonProperty("encoding_format") String encodingFormat) {}

    record NativeRequest(@JsonProperty("content") List<String> content) {}

    private record Answer(int status, byte[] body) {}

    LlamaCppEmbeddingApi(WebClient.Builder builder, LlamaCppEmbeddingProperties properties, EmbeddingMetrics metrics) {
        this.baseUrl = properties.baseUrl().toString();
        this.web = builder.clone()
                .baseUrl(baseUrl)
                .defaultHeaders(headers -> {
                    if (!properties.apiKey().isEmpty()) {
                        headers.setBearerAuth(properties.apiKey());
                    }
                })
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_ANSWER_BYTES))
                .build();
        // NaN is not JSON, but reading it lets the vector check name the problem instead of a parse error.
        this.json = JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .build();
        this.answers = new EmbeddingAnswers(json);
        this.errors = new ErrorAnswers(json);
        this.metrics = metrics;
        this.model = properties.model();
        this.api = properties.api();
        this.encodingFormat = properties.encodingFormat();
        this.requestTimeout = properties.requestTimeout();
    }

    String baseUrl() {
        return baseUrl;
    }

    /**
     * Embeds the texts exactly as given (prefixes already applied) in one request; one raw vector per text, in order.
     */
    Mono<List<float[]>> embed(List<String> inputs) {
        return Mono.defer(() -> {
            metrics.batch(inputs.size());
            return switch (api) {
                case OPENAI ->
                    post(
                            EMBEDDINGS_ROUTE,
                            new OpenAiRequest(
                                    inputs, model, encodingFormat.name().toLowerCase(Locale.ROOT)),
                            body -> answers.readOpenAi(body, inputs.size()));
                case NATIVE ->
                    post(NATIVE_ROUTE, new NativeRequest(inputs), body -> answers.readNative(body, inputs.size()));
            };
        });
    }

    /**
     * The served model and its width. Builds without the route answer 404: their width is then unknown, not an error.
     */
    Mono<ServerModel> models() {
        return timed(MODELS_ROUTE, exchange(MODELS_ROUTE, web.get().uri(MODELS_ROUTE), requestTimeout))
                .map(answer -> answer.status() == 404
                        ? new ServerModel(ServerModel.UNKNOWN_ID, OptionalInt.empty())
                        : read(answer, MODELS_ROUTE, answers::readModels));
    }

    /** Completes when {@code GET /health} answers 200; fails with LOADING on 503 "Loading model". */
    Mono<Void> health(Duration timeout) {
        return exchange(HEALTH_ROUTE, web.get().uri(HEALTH_ROUTE), timeout)
                .map(answer -> read(answer, HEALTH_ROUTE, body -> Boolean.TRUE))
                .then();
    }

    private <T> Mono<T> post(String route, Object request, Function<byte[], T> reader) {
        byte[] body = json.writeValueAsBytes(request);
        WebClient.RequestHeadersSpec<?> spec = web.post()
                .uri(route)
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                .bodyValue(body);
        return timed(route, exchange(route, spec, requestTimeout).map(answer -> read(answer, route, reader)));
    }

    private <T> Mono<T> timed(String route, Mono<T> call) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return call.doOnSuccess(result -> metrics.request(route, start, null))
                    .doOnError(failure -> metrics.request(route, start, failure));
        });
    }

    private Mono<Answer> exchange(String route, WebClient.RequestHeadersSpec<?> spec, Duration timeout) {
        return spec.exchangeToMono(response -> response.bodyToMono(byte[].class)
                        .defaultIfEmpty(NO_BODY)
                        .map(body -> new Answer(response.statusCode().value(), body)))
                .timeout(timeout)
                .onErrorMap(
                        error -> !(error instanceof LlamaCppEmbeddingException),
                        error -> transportFailure(route, timeout, error));
    }

    private <T> T read(Answer answer, String route, Function<byte[], T> reader) {
        if (answer.status() >= 200 && answer.status() < 300) {
            return reader.apply(answer.body());
        }
        throw errors.classify(answer.status(), answer.body(), route);
    }

    private LlamaCppEmbeddingException transportFailure(String route, Duration timeout, Throwable error) {
        if (error instanceof TimeoutException) {
            return new LlamaCppEmbeddingException(
                    FailureKind.TIMEOUT,
                    "llama.cpp at " + baseUrl + " did not answer " + route + " within " + timeout.toMillis() + " ms",
                    error);
        }
        if (error instanceof DataBufferLimitException) {
            return new LlamaCppEmbeddingException(
                    FailureKind.MALFORMED_RESPONSE,
                    "llama.cpp's answer to " + route + " is larger than " + MAX_ANSWER_BYTES + " bytes: lower "
                            + "athena.embedding.llamacpp.max-batch-size",
                    error);
        }
        return new LlamaCppEmbeddingException(
                FailureKind.CONNECTION,
                "cannot reach llama.cpp at " + baseUrl + " (" + route + "): " + rootMessage(error),
                error);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
