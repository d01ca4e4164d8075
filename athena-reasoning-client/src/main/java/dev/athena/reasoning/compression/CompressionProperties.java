package dev.athena.reasoning.compression;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Prompt compression, under {@code athena.compression}: the provider, the built-in compressor's settings, and the
 * limits that keep one caller's compressions from taking the server's CPU from everyone else.
 *
 * @param provider {@code builtin} (no model, in-process; the default) or {@code llmlingua} (an LLMLingua-2 service, see
 *     {@link LlmLinguaProperties}; chosen automatically when {@code LLMLINGUA_URL} is set)
 * @param chunkTokens the built-in compressor compresses long contexts in chunks of about this many tokens, so that
 *     every part of the context is shortened alike (LLMLingua-2 uses 512)
 * @param maxContextTokens longest context accepted, in cl100k tokens
 * @param maxForceTokens most force tokens in one call
 * @param maxForceTokenLength longest force token, in characters
 * @param maxInstructionLength longest instruction, in characters
 * @param threads threads that run built-in compressions; their own, never the embedder's or Reactor's shared ones
 * @param queueCapacity compressions that may wait for a thread; one more is refused (503 with Retry-After)
 * @param maxConcurrentPerKey compressions one API key may have running or waiting (open mode: all callers together);
 *     one more is refused (429 with Retry-After)
 * @param timeout deadline of one compression, waiting included; when it passes the work is cancelled, not only the
 *     answer. Covers an LLMLingua-2 attempt ({@code athena.compression.llmlingua.timeout}) and the built-in fallback
 *     after it
 */
@ConfigurationProperties(CompressionProperties.CONFIG_PREFIX)
public record CompressionProperties(
        @DefaultValue(DEFAULT_PROVIDER) Provider provider,
        @DefaultValue("" + DEFAULT_CHUNK_TOKENS) int chunkTokens,
        @DefaultValue("" + DEFAULT_MAX_CONTEXT_TOKENS) int maxContextTokens,
        @DefaultValue("" + DEFAULT_MAX_FORCE_TOKENS) int maxForceTokens,
        @DefaultValue("" + DEFAULT_MAX_FORCE_TOKEN_LENGTH) int maxForceTokenLength,
        @DefaultValue("" + DEFAULT_MAX_INSTRUCTION_LENGTH) int maxInstructionLength,
        @DefaultValue("" + DEFAULT_THREADS) int threads,
        @DefaultValue("" + DEFAULT_QUEUE_CAPACITY) int queueCapacity,
        @DefaultValue("" + DEFAULT_MAX_CONCURRENT_PER_KEY) int maxConcurrentPerKey,
        @DefaultValue(DEFAULT_TIMEOUT) Duration timeout) {

    public static final String CONFIG_PREFIX = "athena.compression";
    public static final String DEFAULT_PROVIDER = "builtin";
    public static final int DEFAULT_CHUNK_TOKENS = 512;
    public static final int DEFAULT_MAX_CONTEXT_TOKENS = 100_000;
    public static final int DEFAULT_MAX_FORCE_TOKENS = 100;
    public static final int DEFAULT_MAX_FORCE_TOKEN_LENGTH = 100;
    public static final int DEFAULT_MAX_INSTRUCTION_LENGTH = 2_000;
    public static final int DEFAULT_THREADS = 1;
    public static final int DEFAULT_QUEUE_CAPACITY = 8;
    public static final int DEFAULT_MAX_CONCURRENT_PER_KEY = 2;
    public static final String DEFAULT_TIMEOUT = "60s";

    public enum Provider {
        BUILTIN,
        LLMLINGUA
    }

    public CompressionProperties {
        if (threads < 1 || queueCapacity < 0 || maxConcurrentPerKey < 1) {
            throw new IllegalArgumentException(
                    CONFIG_PREFIX + ".threads and .max-concurrent-per-key must be at least 1 and "
                            + ".queue-capacity at least 0, were " + threads + ", " + maxConcurrentPerKey + " and "
                            + queueCapacity);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(CONFIG_PREFIX + ".timeout must be positive, was " + timeout);
        }
    }
}
