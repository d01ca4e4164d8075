package dev.athena.memory.testing;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingException;
import dev.athena.embedding.EmbeddingModelInfo;
import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.embedding.EmbeddingStatus;
import reactor.core.publisher.Mono;

/**
 * The real embedding model with a switch: tests turn the embedder "off" to see how Athena behaves while its model
 * server is down, and count calls to see what was (not) embedded.
 */
public final class SwitchableEmbeddingClient implements EmbeddingClient {

    private final EmbeddingClient delegate;
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final AtomicInteger calls = new AtomicInteger();

    public SwitchableEmbeddingClient(EmbeddingClient delegate) {
        this.delegate = delegate;
    }

    public void goDown() {
        available.set(false);
    }

    public void comeBack() {
        available.set(true);
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public EmbeddingModelInfo model() {
        return delegate.model();
    }

    @Override
    public Mono<List<float[]>> embed(List<String> texts, EmbeddingPurpose purpose) {
        calls.incrementAndGet();
        if (!available.get()) {
            return Mono.error(
                    new EmbeddingException("connection refused: embedding server is down (test switch)", true));
        }
        return delegate.embed(texts, purpose);
    }

    @Override
    public Mono<EmbeddingStatus> status() {
        return available.get()
                ? delegate.status()
                : Mono.just(EmbeddingStatus.down("connection refused (test switch)"));
    }
}
