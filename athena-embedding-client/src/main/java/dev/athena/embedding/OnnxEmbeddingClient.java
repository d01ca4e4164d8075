package dev.athena.embedding;

import java.util.List;
import java.util.Objects;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The embedded default: a small {@link OnnxModel} (384-d; e5-small-v2 unless configured otherwise) running in-process
 * on ONNX Runtime, so Athena works with no model server at all. Each text gets the prefix its model was trained with
 * for the purpose (e5: {@code passage: } for stored memories, {@code query: } for queries).
 */
public final class OnnxEmbeddingClient implements EmbeddingClient {

    public static final int DIMENSION = OnnxModel.DIMENSION;

    private final OnnxModel choice;
    private final EmbeddingModel model;
    private final Scheduler scheduler;

    public OnnxEmbeddingClient() {
        this(OnnxModel.DEFAULT);
    }

    public OnnxEmbeddingClient(OnnxModel choice) {
        this(choice, new BundledOnnxEmbeddingModel(choice, null), Schedulers.boundedElastic());
    }

    OnnxEmbeddingClient(OnnxModel choice, EmbeddingModel model, Scheduler scheduler) {
        this.choice = choice;
        this.model = model;
        this.scheduler = scheduler;
    }

    @Override
    public EmbeddingModelInfo model() {
        return choice.info();
    }

    @Override
    public Mono<List<float[]>> embed(List<String> texts, EmbeddingPurpose purpose) {
        Objects.requireNonNull(purpose, "purpose");
        if (texts.isEmpty()) {
            return Mono.just(List.of());
        }
        // Inference is CPU-bound and blocking: keep it off the event loop.
        return Mono.fromCallable(() -> embedNow(texts, choice.prefix(purpose))).subscribeOn(scheduler);
    }

    private List<float[]> embedNow(List<String> texts, String prefix) {
        List<TextSegment> segments =
                texts.stream().map(text -> TextSegment.from(prefix + text)).toList();
        try {
            return model.embedAll(segments).content().stream()
                    .map(Embedding::vector)
                    .toList();
        } catch (RuntimeException e) {
            throw new EmbeddingException("ONNX embedding failed: " + e.getMessage(), false, e);
        }
    }

    @Override
    public Mono<EmbeddingStatus> status() {
        return Mono.just(EmbeddingStatus.up());
    }
}
