package dev.athena.embedding;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the embedding client, under {@code athena.embedding}.
 *
 * @param provider  which model answers: {@code onnx} (in-process all-MiniLM-L6-v2, quantised; the default, needs no server)
 *                  or {@code llamacpp} (a llama.cpp {@code llama-server --embedding})
 * @param dimension the vector width the database column is created with and every vector must have; 384 for the
 *                  ONNX model, 768 for nomic-embed-text-v1.5 ({@code LLAMACPP_EMBEDDING_DIM})
 */
@ConfigurationProperties(EmbeddingProperties.CONFIG_PREFIX)
public record EmbeddingProperties(
        @DefaultValue(DEFAULT_PROVIDER) String provider,
        @DefaultValue("" + DEFAULT_DIMENSION) int dimension) {

    public static final String CONFIG_PREFIX = "athena.embedding";
    public static final String DEFAULT_PROVIDER = "onnx";
    public static final int DEFAULT_DIMENSION = OnnxEmbeddingClient.DIMENSION;
}
