package dev.athena.memory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process BM25 index, under {@code athena.recall.text-index}.
 *
 * @param enabled false: BM25 runs in PostgreSQL (over a budget of matches, {@code text-candidate-budget}) as before the
 *     index existed
 * @param refreshInterval how often a gateway reads the change log in the background; recalls read it themselves, so
 *     this only bounds how far an idle gateway falls behind (and is the delay before a failed load is tried again)
 * @param changeRetention how long change-log entries are kept; a gateway that could not read the log for half of this
 *     reloads its index from the memories
 * @param vectors true: the index also holds each project's embeddings in an HNSW graph of its own
 *     ({@link ProjectVectorIndex}), and recall's nearest neighbours come from it instead of pgvector's index when the
 *     text index answers too; false: they always come from pgvector's index
 * @param vectorsMaxHeapShare the share of the gateway's maximum heap the vector graphs may take (about 265 bytes plus
 *     one a dimension for each vector); a gateway whose graphs would take more drops them, logs it and searches
 *     pgvector's index until it restarts, rather than run out of memory
 */
@ConfigurationProperties(TextIndexProperties.CONFIG_PREFIX)
public record TextIndexProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration refreshInterval,
        @DefaultValue("30m") Duration changeRetention,
        @DefaultValue("false") boolean vectors,
        @DefaultValue("0.25") double vectorsMaxHeapShare) {

    public static final String CONFIG_PREFIX = "athena.recall.text-index";

    public TextIndexProperties {
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException(CONFIG_PREFIX + ".refresh-interval must be positive");
        }
        if (!(vectorsMaxHeapShare > 0 && vectorsMaxHeapShare <= 0.9)) {
            throw new IllegalArgumentException(CONFIG_PREFIX
                    + ".vectors-max-heap-share must be more than 0 and at most 0.9, was " + vectorsMaxHeapShare);
        }
        if (changeRetention.compareTo(refreshInterval.multipliedBy(4)) < 0) {
            throw new IllegalArgumentException(CONFIG_PREFIX
                    + ".change-retention must be at least four refresh intervals, was " + changeRetention);
        }
    }
}
