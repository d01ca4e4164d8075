package dev.athena.reasoning.compression;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The LLMLingua-2 compression service, under {@code athena.compression.llmlingua}; used when the provider is
 * {@code llmlingua}. The HTTP contract is in {@code docs/compression.md}.
 *
 * @param baseUrl the service, e.g. {@code http://localhost:8003} ({@code LLMLINGUA_URL})
 * @param timeout longest wait for one compression (the XLM-RoBERTa model takes 100-200 ms on CPU per 512 tokens)
 * @param maxAttempts attempts per compression for transient failures (unreachable, 5xx)
 * @param fallbackToBuiltin when the service fails, compress with the built-in compressor instead of failing (the result
 *     then names {@code builtin} as its compressor)
 */
@ConfigurationProperties(LlmLinguaProperties.CONFIG_PREFIX)
public record LlmLinguaProperties(
        @DefaultValue(DEFAULT_BASE_URL) String baseUrl,
        @DefaultValue(DEFAULT_TIMEOUT) Duration timeout,
        @DefaultValue("" + DEFAULT_MAX_ATTEMPTS) int maxAttempts,
        @DefaultValue("true") boolean fallbackToBuiltin) {

    public static final String CONFIG_PREFIX = "athena.compression.llmlingua";
    public static final String DEFAULT_BASE_URL = "http://localhost:8003";
    public static final String DEFAULT_TIMEOUT = "30s";
    public static final int DEFAULT_MAX_ATTEMPTS = 2;

    public LlmLinguaProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "athena.compression.llmlingua.max-attempts must be at least 1, was " + maxAttempts);
        }
    }
}
