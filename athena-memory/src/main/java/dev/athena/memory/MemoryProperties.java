package dev.athena.memory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the memory module, under {@code athena.memory}.
 *
 * @param maxContentBytes largest accepted memory content, in UTF-8 bytes
 * @param embedTimeout    how long remember and recall wait for the embedder before giving up on it
 * @param defaultProject  the project used when a request names none
 */
@ConfigurationProperties(MemoryProperties.CONFIG_PREFIX)
public record MemoryProperties(
        @DefaultValue("" + DEFAULT_MAX_CONTENT_BYTES) int maxContentBytes,
        @DefaultValue(DEFAULT_EMBED_TIMEOUT) Duration embedTimeout,
        @DefaultValue(DEFAULT_PROJECT) String defaultProject) {

    public static final String CONFIG_PREFIX = "athena.memory";
    public static final int DEFAULT_MAX_CONTENT_BYTES = 32 * 1024;
    public static final String DEFAULT_EMBED_TIMEOUT = "5s";
    public static final String DEFAULT_PROJECT = "default";
}
