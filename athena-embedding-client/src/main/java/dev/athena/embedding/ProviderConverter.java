package dev.athena.embedding;

import org.springframework.core.convert.converter.Converter;

/**
 * Binds {@code athena.embedding.provider} so that a wrong value names the right ones ("must be one of [onnx, llamacpp,
 * hash]") instead of Spring's "No enum constant".
 */
final class ProviderConverter implements Converter<String, EmbeddingProperties.Provider> {

    @Override
    public EmbeddingProperties.Provider convert(String source) {
        return EmbeddingProperties.Provider.fromConfigName(source);
    }
}
