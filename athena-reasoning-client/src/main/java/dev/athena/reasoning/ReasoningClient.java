package dev.athena.reasoning;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reasoning port: one model (llama.cpp or Claude) answering single-turn requests.
 *
 * <p>Every generation call fails with a {@link ReasoningException}. The ones callers act on are typed:
 * {@link ReasoningUnavailableException} (no model configured, server down, loading, overloaded or timed out: fall back
 * or try later), {@link ContextLengthExceededException} (split or compress the prompt) and
 * {@link InvalidStructuredOutputException} (the model did not produce the requested JSON, even after one repair). Calls
 * are cold: nothing is sent until the returned publisher is subscribed.
 */
public interface ReasoningClient {

    /** Whether the model can answer now; never fails, a problem is reported as a state. */
    Mono<ReasoningStatus> status();

    /** What answers: provider, model, context size and capabilities. */
    Mono<ReasoningModelInfo> model();

    /** A chat turn: the system prompt, the user's text and optional images, answered in full. */
    Mono<ChatResult> chat(ChatRequest request);

    /** A chat turn with text only and the adapter's default options. */
    default Mono<ChatResult> chat(String systemPrompt, String userPrompt) {
        return chat(ChatRequest.of(systemPrompt, userPrompt));
    }

    /**
     * A chat turn whose answer must be a JSON object matching {@code recordType}: the JSON Schema generated from the
     * record constrains the model, and the answer is validated (parsed into the record, every non-{@code @Nullable}
     * component present). An invalid or truncated answer is retried once with twice the token budget; a second failure
     * is an {@link InvalidStructuredOutputException}.
     *
     * @param recordType a record; components may carry {@code @JsonProperty} names and {@code @JsonPropertyDescription}
     */
    <T extends Record> Mono<StructuredResult<T>> generateStructured(ChatRequest request, Class<T> recordType);

    /** {@link #generateStructured(ChatRequest, Class)} for a text-only request. */
    default <T extends Record> Mono<StructuredResult<T>> generateStructured(
            String systemPrompt, String userPrompt, Class<T> recordType, GenerationOptions options) {
        return generateStructured(new ChatRequest(systemPrompt, userPrompt, List.of(), options), recordType);
    }

    /**
     * A raw completion: the model continues {@code prompt} as given, with no chat template. Claude has no raw
     * completion API; its adapter sends the prompt as the user's message.
     */
    Mono<ChatResult> complete(String prompt, GenerationOptions options);

    /** The chat answer as it is generated, as text chunks in order; completes when the model stops. */
    Flux<String> streamChat(ChatRequest request);

    /** The raw completion as it is generated, as text chunks in order. */
    Flux<String> streamCompletion(String prompt, GenerationOptions options);
}
