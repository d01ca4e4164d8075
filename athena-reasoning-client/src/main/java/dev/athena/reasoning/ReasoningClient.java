package dev.athena.reasoning;

import reactor.core.publisher.Mono;

/** The reasoning port. Generation calls arrive with the llama.cpp adapter; the port starts with its health. */
public interface ReasoningClient {

    /** Whether the model can answer now; never fails, a problem is reported as a state. */
    Mono<ReasoningStatus> status();
}
