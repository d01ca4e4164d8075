package dev.athena.memory;

import java.time.Clock;
import java.util.Map;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MemoryProperties.class, RecallProperties.class, TextIndexProperties.class})
@EnableScheduling
class MemoryConfiguration {

    /** The migrations create {@code vector(N)} with N from the embedding configuration. */
    @Bean
    FlywayConfigurationCustomizer embeddingDimensionPlaceholder(EmbeddingProperties embedding) {
        return configuration ->
                configuration.placeholders(Map.of("embedding_dimension", Integer.toString(embedding.dimension())));
    }

    /** The index recall and dedup search: as wide as the model's vectors, which the column is once verified. */
    @Bean
    VectorIndex vectorIndex(EmbeddingClient embeddings) {
        return new VectorIndex(embeddings.model().dimension());
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
