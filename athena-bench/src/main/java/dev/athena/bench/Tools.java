package dev.athena.bench;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The request and answer shapes of the tools the benchmark calls, as docs/api.md documents them. Answers are read
 * tolerantly (unknown fields ignored), but each has a {@code wellFormed} check: an answer missing what the benchmark
 * counts is an error, so a renamed field fails the run instead of silently counting zero.
 */
final class Tools {

    static final String REMEMBER = "remember";
    static final String REMEMBER_BATCH = "remember_batch";
    static final String RECALL = "recall";

    private Tools() {}

    /** One memory of a {@code remember_batch}: the parameters of {@code remember} except the project. */
    @JsonPropertyOrder({"content", "memory_type", "tags", "importance", "occurred_at"})
    record MemoryItem(
            String content,
            @JsonProperty("memory_type") String memoryType,
            List<String> tags,
            double importance,
            @JsonProperty("occurred_at") String occurredAt) {}

    @JsonPropertyOrder({"content", "memory_type", "tags", "importance", "occurred_at", "project"})
    record RememberRequest(
            String content,
            @JsonProperty("memory_type") String memoryType,
            List<String> tags,
            double importance,
            @JsonProperty("occurred_at") String occurredAt,
            String project) {}

    @JsonPropertyOrder({"project", "items"})
    record RememberBatchRequest(String project, List<MemoryItem> items) {}

    @JsonPropertyOrder({"query", "k", "project"})
    record RecallRequest(String query, int k, String project) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RememberAnswer(String id, String status) {

        boolean wellFormed() {
            return id != null && status != null;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RememberBatchAnswer(
            List<RememberAnswer> results,
            Long created,
            Long duplicates,
            @JsonProperty("pending_embedding") Long pendingEmbedding) {

        boolean wellFormed(int items) {
            return results != null
                    && results.size() == items
                    && results.stream().allMatch(RememberAnswer::wellFormed)
                    && created != null
                    && duplicates != null
                    && pendingEmbedding != null;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecallAnswer(List<RecalledMemory> results, Integer count) {

        boolean wellFormed() {
            return results != null
                    && count != null
                    && count == results.size()
                    && results.stream().allMatch(RecalledMemory::wellFormed);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecalledMemory(String id, String content, Double score) {

        boolean wellFormed() {
            return id != null && content != null && score != null;
        }
    }
}
