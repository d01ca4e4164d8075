package dev.athena.memory.testing;

import dev.athena.embedding.OnnxEmbeddingClient;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the embedder with the switchable one around the real ONNX model. */
@TestConfiguration(proxyBeanMethods = false)
public class SwitchableEmbeddingConfiguration {

    @Bean
    @Primary
    SwitchableEmbeddingClient switchableEmbeddingClient() {
        return new SwitchableEmbeddingClient(new OnnxEmbeddingClient());
    }
}
