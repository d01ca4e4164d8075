package dev.athena.reasoning.compression;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compression by an LLMLingua-2 service ({@code docs/compression.md} defines its small HTTP contract): {@code POST
 * /compress {context, instruction, rate, force_tokens}} answers {@code {compressed_prompt, origin_tokens,
 * compressed_tokens, ...}}. The service's token counts are used when it reports them (LLMLingua counts with the same
 * cl100k tokenizer); the ratio is always computed here, because the Python library reports its own as a string such as
 * {@code "2.0x"}.
 */
final class LlmLinguaPromptCompressor implements PromptCompressor {

    static final String NAME = "llmlingua-2";
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final WebClient http;
    private final LlmLinguaProperties properties;

    LlmLinguaPromptCompressor(WebClient.Builder builder, LlmLinguaProperties properties) {
        this.http = builder.clone().baseUrl(properties.baseUrl()).build();
        this.properties = properties;
    }

    record CompressRequest(
            String context,
            String instruction,
            double rate,
            @JsonProperty("force_tokens") List<String> forceTokens) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CompressResponse(
            @JsonProperty("compressed_prompt") @Nullable String compressedPrompt,
            @JsonProperty("origin_tokens") int originTokens,
            @JsonProperty("compressed_tokens") int compressedTokens) {}

    /** Marks failures worth another attempt: the service is down, restarting or overloaded. */
    private static final class TransientFailure extends CompressionException {
        TransientFailure(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Mono<CompressedPrompt> compress(CompressionRequest request) {
        if (request.targetRatio() >= 1 || request.context().isBlank()) {
            int tokens = TokenCounter.count(request.context());
            return Mono.just(CompressedPrompt.of(request.context(), tokens, tokens, NAME));
        }
        String body = JSON.writeValueAsString(new CompressRequest(
                request.context(), request.instruction(), request.targetRatio(), request.forceTokens()));
        return Mono.defer(() -> http.post()
                        .uri("/compress")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .retrieve()
                        .onStatus(
                                HttpStatusCode::isError,
                                response -> response.bodyToMono(String.class)
                                        .defaultIfEmpty("")
                                        .map(error ->
                                                failure(response.statusCode().value(), error)))
                        .bodyToMono(String.class)
                        .timeout(properties.timeout()))
                .retryWhen(Retry.backoff(properties.maxAttempts() - 1L, Duration.ofMillis(200))
                        .filter(TransientFailure.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .onErrorMap(this::translate)
                .map(answer -> toResult(answer, request));
    }

    private CompressionException failure(int status, String body) {
        String message = "the LLMLingua-2 service at " + properties.baseUrl() + " answered " + status + ": "
                + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        return status >= 500 ? new TransientFailure(message, null) : new CompressionException(message);
    }

    private Throwable translate(Throwable failure) {
        if (failure instanceof CompressionException) {
            return failure;
        }
        if (failure instanceof TimeoutException) {
            return new CompressionException(
                    "the LLMLingua-2 service at " + properties.baseUrl() + " did not answer within "
                            + properties.timeout().toMillis() + " ms",
                    failure);
        }
        if (failure instanceof WebClientRequestException) {
            return new TransientFailure(
                    "the LLMLingua-2 service at " + properties.baseUrl() + " is unreachable: " + failure.getMessage(),
                    failure);
        }
        return new CompressionException("the LLMLingua-2 call failed: " + failure, failure);
    }

    private CompressedPrompt toResult(String answer, CompressionRequest request) {
        CompressResponse response;
        try {
            response = JSON.readValue(answer, CompressResponse.class);
        } catch (JacksonException e) {
            throw new CompressionException("the LLMLingua-2 service answered a body Athena cannot read", e);
        }
        if (response.compressedPrompt() == null) {
            throw new CompressionException("the LLMLingua-2 service answered without compressed_prompt");
        }
        int original = response.originTokens() > 0 ? response.originTokens() : TokenCounter.count(request.context());
        int compressed = response.compressedTokens() > 0
                ? response.compressedTokens()
                : TokenCounter.count(response.compressedPrompt());
        return CompressedPrompt.of(response.compressedPrompt(), original, compressed, NAME);
    }
}
