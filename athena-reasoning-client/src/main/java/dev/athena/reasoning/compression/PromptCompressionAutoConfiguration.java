package dev.athena.reasoning.compression;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/** Provides the prompt compressor chosen by {@code athena.compression.provider}. */
@AutoConfiguration(afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@EnableConfigurationProperties({CompressionProperties.class, LlmLinguaProperties.class})
public class PromptCompressionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(PromptCompressor.class)
    PromptCompressor promptCompressor(CompressionProperties compression, LlmLinguaProperties llmLingua,
                                      ObjectProvider<WebClient.Builder> webClients) {
        PromptCompressor builtIn = new BuiltInPromptCompressor(compression.chunkTokens());
        if (compression.provider() == CompressionProperties.Provider.BUILTIN) {
            return builtIn;
        }
        PromptCompressor service = new LlmLinguaPromptCompressor(webClients.getIfAvailable(WebClient::builder), llmLingua);
        return llmLingua.fallbackToBuiltin() ? new FallbackPromptCompressor(service, builtIn) : service;
    }
}
