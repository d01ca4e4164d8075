package dev.athena.embedding;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * The embedding port.
 *
 * <p>It is reactive because the remote adapters batch and fan out requests over a non-blocking {@code WebClient};
 * callers on a servlet thread block on the returned {@link Mono} with their own timeout, which keeps the time budget of
 * a request in the caller's hands. Every batch call returns one vector per input, in input order, each of
 * {@link EmbeddingModelInfo#dimension()} floats and L2-normalised.
 */
public interface EmbeddingClient {

    /** The model behind this client; its dimension is fixed for the life of the client. */
    EmbeddingModelInfo model();

    /**
     * Embeds a batch of texts for one purpose.
     *
     * @return one vector per text in input order; fails with {@link EmbeddingException} when the batch cannot be
     *     embedded
     */
    Mono<List<float[]>> embed(List<String> texts, EmbeddingPurpose purpose);

    /** Embeds a single text. */
    default Mono<float[]> embed(String text, EmbeddingPurpose purpose) {
        return embed(List.of(text), purpose).map(vectors -> vectors.get(0));
    }

    /** Whether the model can answer now; never fails, a problem is reported as a state. */
    Mono<EmbeddingStatus> status();
}
