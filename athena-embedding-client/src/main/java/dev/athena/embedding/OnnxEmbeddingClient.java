package dev.athena.embedding;

import java.util.List;
import java.util.Objects;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The embedded default: all-MiniLM-L6-v2 (quantised, 384-d) running in-process on ONNX Runtime, so Athena works
 * with no model server at all. MiniLM is a symmetric model, so the purpose changes nothing here.
 */
public final class OnnxEmbeddingClient implements EmbeddingClient {

    public static final int DIMENSION = 384;
    static final String MODEL_NAME = "all-minilm-l6-v2-q";

    private final EmbeddingModel model;
    private final Scheduler scheduler;

    public OnnxEmbeddingClient() {
        this(new AllMiniLmL6V2QuantizedEmbeddingModel(), Schedulers.boundedElastic());
    }

    OnnxEmbeddingClient(EmbeddingModel model, Scheduler scheduler) {
        this.model = model;
        this.scheduler = scheduler;
    }

    @Override
    public EmbeddingModelInfo model() {
        return new EmbeddingModelInfo(MODEL_NAME, DIMENSION);
    }

    @Override
    public Mono<List<float[]>> embed(List<String> texts, EmbeddingPurpose purpose) {
        Objects.requireNonNull(purpose, "purpose");
        if (texts.isEmpty()) {
            return Mono.just(List.of());
        }
        // Inference is CPU-bound and blocking: keep it off the event loop.
        return Mono.fromCallable(() -> embedNow(texts)).subscribeOn(scheduler);
    }

    private List<float[]> embedNow(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        try {
            return model.embedAll(segments).content().stream().map(Embedding::vector).toList();
        } catch (RuntimeException e) {
            throw new EmbeddingException("ONNX embedding failed: " + e.getMessage(), false, e);
        }
    }

    @Override
    public Mono<EmbeddingStatus> status() {
        return Mono.just(EmbeddingStatus.up());
    }
}
