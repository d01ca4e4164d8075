package dev.athena.memory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the memory module, under {@code athena.memory}.
 *
 * @param maxContentBytes largest accepted memory content, in UTF-8 bytes
 * @param embedTimeout how long remember and recall wait for the embedder before going on without it
 * @param defaultProject the project used when a request names none
 * @param nearDuplicateThreshold cosine similarity at or above which a new memory counts as a duplicate of an existing
 *     one in its project; above 1 disables near-duplicate detection
 * @param maxBatchItems most items one remember_batch or batch_record_events call may carry
 * @param embedBatchSize texts per embedder call when a batch is embedded
 * @param backfillInterval how often the background job embeds memories stored while the embedder was away
 * @param accessFlushInterval how often recall's access statistics are written (off the request path)
 * @param reembedOnStart when the model's dimension changed, convert the column and re-embed every memory in the
 *     background instead of refusing to start
 */
@ConfigurationProperties(MemoryProperties.CONFIG_PREFIX)
public record MemoryProperties(
        @DefaultValue("" + DEFAULT_MAX_CONTENT_BYTES) int maxContentBytes,
        @DefaultValue(DEFAULT_EMBED_TIMEOUT) Duration embedTimeout,
        @DefaultValue(DEFAULT_PROJECT) String defaultProject,
        @DefaultValue("" + DEFAULT_NEAR_DUPLICATE_THRESHOLD) double nearDuplicateThreshold,
        @DefaultValue("" + DEFAULT_MAX_BATCH_ITEMS) int maxBatchItems,
        @DefaultValue("" + DEFAULT_EMBED_BATCH_SIZE) int embedBatchSize,
        @DefaultValue(DEFAULT_BACKFILL_INTERVAL) Duration backfillInterval,
        @DefaultValue(DEFAULT_ACCESS_FLUSH_INTERVAL) Duration accessFlushInterval,
        @DefaultValue("false") boolean reembedOnStart) {

    public static final String CONFIG_PREFIX = "athena.memory";
    public static final int DEFAULT_MAX_CONTENT_BYTES = 32 * 1024;
    public static final String DEFAULT_EMBED_TIMEOUT = "5s";
    public static final String DEFAULT_PROJECT = "default";
    public static final double DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.97;
    public static final int DEFAULT_MAX_BATCH_ITEMS = 1000;
    public static final int DEFAULT_EMBED_BATCH_SIZE = 64;
    public static final String DEFAULT_BACKFILL_INTERVAL = "10s";
    public static final String DEFAULT_ACCESS_FLUSH_INTERVAL = "1s";

    /**
     * The project a request acts on: the one it names, checked, or {@link #defaultProject()} when it names none. The
     * one place a missing project becomes the default one, for the services and the gateway alike.
     */
    public String resolveProject(String requested) {
        return Projects.resolve(requested, defaultProject);
    }
}
