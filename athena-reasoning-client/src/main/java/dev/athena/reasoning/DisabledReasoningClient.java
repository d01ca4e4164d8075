package dev.athena.reasoning;

import reactor.core.publisher.Mono;

/** Stands in when no reasoning server is configured, so health reports "disabled" instead of an error. */
final class DisabledReasoningClient implements ReasoningClient {

    @Override
    public Mono<ReasoningStatus> status() {
        return Mono.just(ReasoningStatus.disabled("no reasoning server configured (set LLAMACPP_REASONING_URL)"));
    }
}
