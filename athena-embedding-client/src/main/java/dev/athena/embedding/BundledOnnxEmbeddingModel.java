package dev.athena.embedding;

import java.util.concurrent.Executor;

import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;

/**
 * An {@link OnnxModel} loaded from the class path: the ONNX file and tokenizer ship as resources of their Maven jars,
 * so Athena needs no model download and no network to start.
 */
final class BundledOnnxEmbeddingModel extends AbstractInProcessEmbeddingModel {

    private final OnnxBertBiEncoder encoder;

    BundledOnnxEmbeddingModel(OnnxModel model, Executor executor) {
        super(executor);
        this.encoder = loadFromJar(model.onnxResource(), model.tokenizerResource(), model.pooling());
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return OnnxModel.DIMENSION;
    }
}
