package dev.athena.embedding.llamacpp;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingClientAutoConfiguration;
import dev.athena.embedding.EmbeddingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/** The llama.cpp embedding client, when {@code athena.embedding.provider=llamacpp}. */
@AutoConfiguration(before = EmbeddingClientAutoConfiguration.class, after = WebClientAutoConfiguration.class)
@ConditionalOnProperty(
        prefix = EmbeddingProperties.CONFIG_PREFIX,
        name = "provider",
        havingValue = LlamaCppEnvironmentPostProcessor.LLAMACPP_PROVIDER)
@EnableConfigurationProperties({EmbeddingProperties.class, LlamaCppEmbeddingProperties.class})
public final class LlamaCppEmbeddingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(EmbeddingClient.class)
    LlamaCppEmbeddingClient llamaCppEmbeddingClient(
            EmbeddingProperties embedding,
            LlamaCppEmbeddingProperties llamacpp,
            ObjectProvider<WebClient.Builder> webClientBuilder,
            ObjectProvider<MeterRegistry> meterRegistry,
            ObjectProvider<Clock> clock) {
        return LlamaCppEmbeddingClient.create(
                embedding.dimension(),
                llamacpp,
                webClientBuilder.getIfAvailable(WebClient::builder),
                meterRegistry.getIfAvailable(() -> Metrics.globalRegistry),
                clock.getIfAvailable(Clock::systemUTC),
                Ticker.systemTicker());
    }

    @Bean
    LlamaCppStartupCheck llamaCppStartupCheck(ObjectProvider<LlamaCppEmbeddingClient> client) {
        return new LlamaCppStartupCheck(client);
    }
}
