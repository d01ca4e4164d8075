package dev.athena.reasoning;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stands in when no reasoning model is configured: health reports "disabled", and every generation call fails with
 * {@link ReasoningUnavailableException} ({@code NOT_CONFIGURED}), on which consolidation uses its heuristics alone.
 */
final class DisabledReasoningClient implements ReasoningClient {

    static final String DETAIL =
            "no reasoning model configured (set LLAMACPP_REASONING_URL for llama.cpp or ANTHROPIC_API_KEY for Claude)";

    @Override
    public Mono<ReasoningStatus> status() {
        return Mono.just(ReasoningStatus.disabled(DETAIL));
    }

    @Override
    public Mono<ReasoningModelInfo> model() {
        return notAvailable();
    }

    @Override
    public Mono<ChatResult> chat(ChatRequest request) {
        return notAvailable();
    }

    @Override
    public <T extends Record> Mono<StructuredResult<T>> generateStructured(ChatRequest request, Class<T> recordType) {
        return notAvailable();
    }

    @Override
    public Mono<ChatResult> complete(String prompt, GenerationOptions options) {
        return notAvailable();
    }

    @Override
    public Flux<String> streamChat(ChatRequest request) {
        return Flux.error(notConfigured());
    }

    @Override
    public Flux<String> streamCompletion(String prompt, GenerationOptions options) {
        return Flux.error(notConfigured());
    }

    private static <T> Mono<T> notAvailable() {
        return Mono.error(notConfigured());
    }

    private static ReasoningUnavailableException notConfigured() {
        return new ReasoningUnavailableException(ReasoningUnavailableException.Reason.NOT_CONFIGURED, DETAIL);
    }
}
