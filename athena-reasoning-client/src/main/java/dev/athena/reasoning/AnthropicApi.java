package dev.athena.reasoning;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
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

/** The Anthropic Messages API: requests and responses as records, errors classified once, a timeout on every call. */
final class AnthropicApi {

    static final String VERSION = "2023-06-01";
    private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS =
            new ParameterizedTypeReference<>() {};

    private final WebClient http;
    private final Duration requestTimeout;
    private final Duration healthTimeout;

    AnthropicApi(
            WebClient.Builder builder, String baseUrl, String apiKey, Duration requestTimeout, Duration healthTimeout) {
        this.http = builder.clone()
                .baseUrl(baseUrl)
                .defaultHeader("x-api-key", apiKey)
                .defaultHeader("anthropic-version", VERSION)
                .build();
        this.requestTimeout = requestTimeout;
        this.healthTimeout = healthTimeout;
    }

    // ---- DTOs -------------------------------------------------------------------------------------------------

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record MessagesRequest(
            String model,
            @JsonProperty("max_tokens") int maxTokens,
            @Nullable String system,
            List<Message> messages,
            @Nullable Double temperature,
            @JsonProperty("top_p") @Nullable Double topP,
            @JsonProperty("stop_sequences") List<String> stopSequences,
            boolean stream,
            List<Tool> tools,
            @JsonProperty("tool_choice") @Nullable ToolChoice toolChoice) {}

    record Message(String role, List<ContentBlock> content) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ContentBlock(
            String type, @Nullable String text, @Nullable ImageSource source) {

        static ContentBlock text(String text) {
            return new ContentBlock("text", text, null);
        }

        static ContentBlock image(ImageInput image) {
            return new ContentBlock("image", null, new ImageSource("base64", image.mediaType(), image.base64()));
        }
    }

    record ImageSource(
            String type, @JsonProperty("media_type") String mediaType, String data) {}

    record Tool(
            String name,
            String description,
            @JsonProperty("input_schema") JsonNode inputSchema) {}

    record ToolChoice(String type, String name) {

        static ToolChoice forced(String name) {
            return new ToolChoice("tool", name);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MessagesResponse(
            @Nullable String model,
            List<ResponseBlock> content,
            @JsonProperty("stop_reason") @Nullable String stopReason,
            @Nullable Usage usage) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ResponseBlock(
            String type,
            @Nullable String text,
            @Nullable String name,
            @Nullable JsonNode input) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(
            @JsonProperty("input_tokens") int inputTokens,
            @JsonProperty("output_tokens") int outputTokens) {}

    // ---- calls ------------------------------------------------------------------------------------------------

    Mono<MessagesResponse> messages(MessagesRequest request) {
        return http.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ReasoningJson.write(request))
                .retrieve()
                .onStatus(HttpStatusCode::isError, AnthropicApi::error)
                .bodyToMono(String.class)
                .map(AnthropicApi::readMessage)
                .timeout(requestTimeout)
                .onErrorMap(failure -> translate(failure, requestTimeout));
    }

    Mono<Flux<ServerSentEvent<String>>> openStream(MessagesRequest request) {
        return http.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .bodyValue(ReasoningJson.write(request))
                .retrieve()
                .onStatus(HttpStatusCode::isError, AnthropicApi::error)
                .toEntityFlux(EVENTS)
                .map(entity -> entity.getBody() == null ? Flux.<ServerSentEvent<String>>empty() : entity.getBody())
                .timeout(requestTimeout)
                .onErrorMap(failure -> translate(failure, requestTimeout));
    }

    /** Lists one model: cheap, free, and proves the key works. */
    Mono<ReasoningStatus> probe(String model) {
        return http.get()
                .uri("/v1/models?limit=1")
                .exchangeToMono(response -> response.bodyToMono(String.class)
                        .defaultIfEmpty("")
                        .map(body -> {
                            int status = response.statusCode().value();
                            if (status == 200) {
                                return ReasoningStatus.up("claude " + model);
                            }
                            return ReasoningStatus.down(AnthropicErrors.fromResponse(status, body, null, Instant.now())
                                    .getMessage());
                        }))
                .timeout(healthTimeout)
                .onErrorResume(failure -> Mono.just(
                        ReasoningStatus.down(translate(failure, healthTimeout).getMessage())));
    }

    private static MessagesResponse readMessage(String body) {
        try {
            return ReasoningJson.read(body, MessagesResponse.class);
        } catch (RuntimeException e) {
            throw new ReasoningException(
                    "the Anthropic API answered a body Athena cannot read: " + ReasoningJson.snippet(body),
                    false,
                    null,
                    e);
        }
    }

    private static Mono<ReasoningException> error(ClientResponse response) {
        int status = response.statusCode().value();
        String retryAfter = response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        return response.bodyToMono(String.class)
                .defaultIfEmpty("")
                .map(body -> AnthropicErrors.fromResponse(status, body, retryAfter, Instant.now()));
    }

    private static Throwable translate(Throwable failure, Duration timeout) {
        if (failure instanceof ReasoningException) {
            return failure;
        }
        if (failure instanceof TimeoutException) {
            return new ReasoningUnavailableException(
                    ReasoningUnavailableException.Reason.TIMEOUT,
                    "the Anthropic API did not answer within " + timeout.toMillis() + " ms",
                    null,
                    failure);
        }
        if (failure instanceof WebClientRequestException
                || failure instanceof IOException
                || failure.getCause() instanceof IOException) {
            return new ReasoningUnavailableException(
                    ReasoningUnavailableException.Reason.UNREACHABLE,
                    "the Anthropic API is unreachable or closed the connection: " + failure.getMessage(),
                    null,
                    failure);
        }
        return new ReasoningException("the Anthropic API call failed: " + failure, false, null, failure);
    }
}
