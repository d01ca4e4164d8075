package dev.athena.reasoning.compression;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Prompt compression, under {@code athena.compression}; the built-in compressor's settings.
 *
 * @param provider    {@code builtin} (no model, in-process; the default) or {@code llmlingua} (an LLMLingua-2
 *                    service, see {@link LlmLinguaProperties}; chosen automatically when {@code LLMLINGUA_URL} is set)
 * @param chunkTokens the built-in compressor compresses long contexts in chunks of about this many tokens, so that
 *                    every part of the context is shortened alike (LLMLingua-2 uses 512)
 */
@ConfigurationProperties(CompressionProperties.CONFIG_PREFIX)
public record CompressionProperties(
        @DefaultValue(DEFAULT_PROVIDER) Provider provider,
        @DefaultValue("" + DEFAULT_CHUNK_TOKENS) int chunkTokens) {

    public static final String CONFIG_PREFIX = "athena.compression";
    public static final String DEFAULT_PROVIDER = "builtin";
    public static final int DEFAULT_CHUNK_TOKENS = 512;

    public enum Provider { BUILTIN, LLMLINGUA }
}
