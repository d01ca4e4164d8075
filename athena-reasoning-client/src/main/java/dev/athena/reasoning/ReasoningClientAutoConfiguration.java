package dev.athena.reasoning;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Provides the reasoning client chosen by {@code athena.reasoning.provider}: llama.cpp, Claude, or the disabled one
 * when no model is configured. The HTTP adapters are built from the Boot-managed {@link WebClient.Builder}, so its
 * codecs, SSL bundles and observations apply.
 */
@AutoConfiguration(afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@EnableConfigurationProperties({
    ReasoningProperties.class,
    LlamaCppReasoningProperties.class,
    AnthropicReasoningProperties.class
})
public class ReasoningClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ReasoningClient.class)
    ReasoningClient reasoningClient(
            ReasoningProperties reasoning,
            LlamaCppReasoningProperties llamaCpp,
            AnthropicReasoningProperties anthropic,
            ObjectProvider<WebClient.Builder> webClients,
            ObjectProvider<MeterRegistry> meters) {
        return switch (reasoning.provider()) {
            case NONE -> new DisabledReasoningClient();
            case LLAMACPP ->
                new LlamaCppReasoningClient(
                        webClients.getIfAvailable(WebClient::builder),
                        llamaCpp,
                        meters.getIfAvailable(SimpleMeterRegistry::new));
            case ANTHROPIC -> {
                if (anthropic.apiKey().isBlank()) {
                    throw new IllegalStateException("athena.reasoning.provider is anthropic but no API key is set:"
                            + " set ANTHROPIC_API_KEY (or athena.reasoning.anthropic.api-key)");
                }
                yield new AnthropicReasoningClient(
                        webClients.getIfAvailable(WebClient::builder),
                        anthropic,
                        meters.getIfAvailable(SimpleMeterRegistry::new));
            }
        };
    }
}
