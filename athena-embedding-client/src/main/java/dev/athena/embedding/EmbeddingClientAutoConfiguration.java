package dev.athena.embedding;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The in-process embedding clients: ONNX, the default of {@code athena.embedding.provider}, and the feature-hashing
 * stand-in of {@code hash}; with {@code llamacpp} the {@code LlamaCppEmbeddingAutoConfiguration} provides the client
 * instead.
 */
@AutoConfiguration
@EnableConfigurationProperties(EmbeddingProperties.class)
public class EmbeddingClientAutoConfiguration {

    @Bean
    @ConfigurationPropertiesBinding
    static ProviderConverter embeddingProviderConverter() {
        return new ProviderConverter();
    }

    @Bean
    @ConditionalOnMissingBean(EmbeddingClient.class)
    @ConditionalOnProperty(
            prefix = EmbeddingProperties.CONFIG_PREFIX,
            name = "provider",
            havingValue = "onnx",
            matchIfMissing = true)
    EmbeddingClient onnxEmbeddingClient(EmbeddingProperties properties) {
        if (properties.dimension() != OnnxEmbeddingClient.DIMENSION) {
            throw new IllegalStateException("athena.embedding.dimension is " + properties.dimension()
                    + " but the ONNX model " + properties.onnxModel() + " produces " + OnnxEmbeddingClient.DIMENSION
                    + "-d vectors: set athena.embedding.dimension=" + OnnxEmbeddingClient.DIMENSION
                    + " or choose athena.embedding.provider=llamacpp");
        }
        return new OnnxEmbeddingClient(OnnxModel.fromName(properties.onnxModel()));
    }

    @Bean
    @ConditionalOnMissingBean(EmbeddingClient.class)
    @ConditionalOnProperty(prefix = EmbeddingProperties.CONFIG_PREFIX, name = "provider", havingValue = "hash")
    EmbeddingClient hashEmbeddingClient(EmbeddingProperties properties) {
        return new HashEmbeddingClient(properties.dimension());
    }
}
