package dev.athena.embedding;

import java.util.Arrays;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the embedding client, under {@code athena.embedding}.
 *
 * @param provider which model answers: {@code onnx} (in-process, see {@code onnxModel}; the default, needs no server),
 *     {@code llamacpp} (a llama.cpp {@code llama-server --embedding}, configured under
 *     {@code athena.embedding.llamacpp}; setting {@code LLAMACPP_EMBEDDINGS_URL} chooses it) or {@code hash}
 *     (deterministic feature hashing of words and trigrams, any dimension: for load tests and air-gapped smoke tests,
 *     not for retrieval quality)
 * @param dimension the vector width the database column is created with and every vector must have; 384 for the ONNX
 *     models, 768 for nomic-embed-text-v1.5 ({@code LLAMACPP_EMBEDDING_DIM})
 * @param onnxModel which in-process model {@code onnx} runs: {@code e5-small-v2-q} (the default),
 *     {@code bge-small-en-v1.5-q} or {@code all-minilm-l6-v2-q} ({@link OnnxModel}); changing it re-embeds the stored
 *     memories at the next start
 */
@ConfigurationProperties(EmbeddingProperties.CONFIG_PREFIX)
public record EmbeddingProperties(
        @DefaultValue(DEFAULT_PROVIDER) Provider provider,
        @DefaultValue("" + DEFAULT_DIMENSION) int dimension,
        @DefaultValue("e5-small-v2-q") String onnxModel) {

    public static final String CONFIG_PREFIX = "athena.embedding";
    public static final String DEFAULT_PROVIDER = "onnx";
    public static final int DEFAULT_DIMENSION = OnnxEmbeddingClient.DIMENSION;

    public EmbeddingProperties {
        provider = provider == null ? Provider.ONNX : provider;
        onnxModel = OnnxModel.fromName(onnxModel == null ? OnnxModel.DEFAULT.modelName() : onnxModel)
                .modelName();
        if (dimension < 1) {
            throw new IllegalArgumentException(CONFIG_PREFIX + ".dimension must be positive, was " + dimension);
        }
    }

    /** Which model answers; bound from its lower-case name by {@link ProviderConverter}. */
    public enum Provider {
        ONNX,
        LLAMACPP,
        HASH;

        /** The name in configuration: {@code onnx}, {@code llamacpp} or {@code hash}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The provider of that name, in any case and with surrounding blanks; an unknown name fails with the list of
         * known ones, which start-up reports.
         */
        public static Provider fromConfigName(String name) {
            String wanted = name.strip().toLowerCase(Locale.ROOT);
            return Arrays.stream(values())
                    .filter(provider -> provider.configName().equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(CONFIG_PREFIX + ".provider must be one of "
                            + Arrays.stream(values()).map(Provider::configName).toList() + ", was '" + name + "'"));
        }
    }
}
