package dev.athena.embedding;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * The in-process ONNX models Athena can run, each shipped as resources of a Maven Central jar, with the pooling and the
 * task prefixes it was trained with. All are 384-d, so switching between them needs no schema change: memories embedded
 * by another model are re-embedded at start-up (EmbeddingDimensionVerifier).
 *
 * <p>Chosen by measurement (docs/benchmarks.md, conversational dev and test sets): e5-small-v2 with its {@code query:
 * }/{@code passage: } prefixes finds the most evidence; bge-small-en-v1.5 is next; MiniLM, the former default, is the
 * fastest and the weakest.
 */
public enum OnnxModel {

    /** intfloat/e5-small-v2, quantised; mean pooling; asymmetric: without its prefixes it loses about 0.09 recall@5. */
    E5_SMALL_V2_Q(
            "e5-small-v2-q",
            "e5-small-v2-q.onnx",
            "e5-small-v2-q-tokenizer.json",
            PoolingMode.MEAN,
            "query: ",
            "passage: ",
            0.74),
    /** BAAI/bge-small-en-v1.5, quantised; CLS pooling; its query instruction made no measurable difference, so none. */
    BGE_SMALL_EN_V15_Q(
            "bge-small-en-v1.5-q",
            "bge-small-en-v1.5-q.onnx",
            "bge-small-en-v1.5-q-tokenizer.json",
            PoolingMode.CLS,
            "",
            "",
            0.41),
    /** sentence-transformers/all-MiniLM-L6-v2, quantised; mean pooling; symmetric. */
    ALL_MINILM_L6_V2_Q(
            "all-minilm-l6-v2-q",
            "all-minilm-l6-v2-q.onnx",
            "all-minilm-l6-v2-q-tokenizer.json",
            PoolingMode.MEAN,
            "",
            "",
            0);

    public static final OnnxModel DEFAULT = E5_SMALL_V2_Q;
    public static final int DIMENSION = 384;

    private final String modelName;
    private final String onnxResource;
    private final String tokenizerResource;
    private final PoolingMode pooling;
    private final String queryPrefix;
    private final String documentPrefix;
    private final double unrelatedSimilarity;

    /**
     * @param unrelatedSimilarity where the model's cosines start for unrelated texts, from the per-query spread of
     *     similarities on the conversational dev set relative to MiniLM's (about 0.69 for MiniLM, 0.41 for bge, 0.18
     *     for e5): 1 - spread / MiniLM's spread
     */
    OnnxModel(
            String modelName,
            String onnxResource,
            String tokenizerResource,
            PoolingMode pooling,
            String queryPrefix,
            String documentPrefix,
            double unrelatedSimilarity) {
        this.modelName = modelName;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
        this.pooling = pooling;
        this.queryPrefix = queryPrefix;
        this.documentPrefix = documentPrefix;
        this.unrelatedSimilarity = unrelatedSimilarity;
    }

    /** What the model produces, for {@link EmbeddingClient#model()}. */
    public EmbeddingModelInfo info() {
        return new EmbeddingModelInfo(modelName, DIMENSION, unrelatedSimilarity);
    }

    /** The name stored with every vector ({@code memories.embedding_model}) and shown by /health. */
    public String modelName() {
        return modelName;
    }

    String onnxResource() {
        return onnxResource;
    }

    String tokenizerResource() {
        return tokenizerResource;
    }

    PoolingMode pooling() {
        return pooling;
    }

    /**
     * The prefix this model was trained to see before a text of this purpose: documents are stored passages; queries,
     * clusters and classes compare texts of the same kind, for which e5 asks for its query prefix.
     */
    public String prefix(EmbeddingPurpose purpose) {
        return purpose == EmbeddingPurpose.DOCUMENT ? documentPrefix : queryPrefix;
    }

    /** The model with this name ({@code athena.embedding.onnx-model}), case-insensitive. */
    public static OnnxModel fromName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(m -> m.modelName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(EmbeddingProperties.CONFIG_PREFIX
                        + ".onnx-model must be one of "
                        + Arrays.stream(values()).map(OnnxModel::modelName).collect(Collectors.joining(", "))
                        + ", was '" + name + "'"));
    }
}
