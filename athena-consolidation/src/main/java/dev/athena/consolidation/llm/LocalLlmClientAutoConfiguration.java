package dev.athena.consolidation.llm;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.reasoning.ReasoningClient;
import dev.athena.reasoning.ReasoningClientAutoConfiguration;
import dev.athena.reasoning.compression.PromptCompressionAutoConfiguration;
import dev.athena.reasoning.compression.PromptCompressor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Offers {@link LocalLlmClient} to any Spring Boot application that has Athena's clients. */
@AutoConfiguration(after = {ReasoningClientAutoConfiguration.class, PromptCompressionAutoConfiguration.class},
        afterName = "dev.athena.embedding.EmbeddingClientAutoConfiguration")
public class LocalLlmClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({EmbeddingClient.class, ReasoningClient.class, PromptCompressor.class})
    LocalLlmClient localLlmClient(EmbeddingClient embeddings, ReasoningClient reasoning, PromptCompressor compressor) {
        return new LocalLlmClient(embeddings, reasoning, compressor);
    }
}
