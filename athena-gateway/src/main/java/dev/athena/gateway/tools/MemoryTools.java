package dev.athena.gateway.tools;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.athena.memory.MemoryProperties;
import dev.athena.memory.MemoryService;
import dev.athena.memory.MemoryType;
import dev.athena.memory.RecallFilters;
import dev.athena.memory.RecallMode;
import dev.athena.memory.RecallRequest;
import dev.athena.memory.RecallResult;
import dev.athena.memory.RecallService;
import dev.athena.memory.RecalledMemory;
import dev.athena.memory.RecalledMemory.ScoreExplanation;
import dev.athena.memory.RememberRequest;
import dev.athena.memory.RememberResult;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The tools that write and find memories: remember, remember_batch and recall. */
@Configuration(proxyBeanMethods = false)
class MemoryTools {

    static final String TAGS_REASON = "at most " + RememberRequest.MAX_TAGS + " tags are allowed";
    static final String IMPORTANCE_REASON = "must be between 0 and 1";

    record RememberParameters(
            @NotNull(message = "is required") String content,
            @Default(DEFAULT_MEMORY_TYPE) MemoryType memoryType,

            @Size(max = RememberRequest.MAX_TAGS, message = TAGS_REASON)
            List<String> tags,

            @DecimalMin(value = "0", message = IMPORTANCE_REASON)
            @DecimalMax(value = "1", message = IMPORTANCE_REASON)
            @Default("" + RememberRequest.DEFAULT_IMPORTANCE)
            Double importance,

            Map<String, Object> metadata,
            String project,
            UUID supersedes,
            Instant occurredAt,
            Instant validFrom,
            Instant validTo)
            implements ProjectScoped {

        RememberRequest toRequest() {
            return new RememberRequest(
                    content,
                    memoryType,
                    tags,
                    importance,
                    metadata,
                    project,
                    supersedes,
                    occurredAt,
                    validFrom,
                    validTo);
        }
    }

    record RememberResponse(UUID id, String status, Double similarity) {

        static RememberResponse of(RememberResult result) {
            return new RememberResponse(result.id(), result.status().wireName(), result.similarity());
        }
    }

    record BatchItem(
            @NotNull(message = "is required") String content,
            @Default(DEFAULT_MEMORY_TYPE) MemoryType memoryType,

            @Size(max = RememberRequest.MAX_TAGS, message = TAGS_REASON)
            List<String> tags,

            @DecimalMin(value = "0", message = IMPORTANCE_REASON)
            @DecimalMax(value = "1", message = IMPORTANCE_REASON)
            @Default("" + RememberRequest.DEFAULT_IMPORTANCE)
            Double importance,

            Map<String, Object> metadata,
            UUID supersedes,
            Instant occurredAt,
            Instant validFrom,
            Instant validTo) {

        RememberRequest toRequest() {
            return new RememberRequest(
                    content, memoryType, tags, importance, metadata, null, supersedes, occurredAt, validFrom, validTo);
        }
    }

    /**
     * The largest batch is a setting ({@code athena.memory.max-batch-items}): the service checks it, the description
     * and the schema ({@link ToolDefinition#withConfiguredBound}) state it.
     */
    record RememberBatchParameters(
            @NotNull(message = "is required") @Size(min = 1, message = "must contain at least one item")
            List<@Valid @NotNull(message = "must not be null") BatchItem> items,

            String project)
            implements ProjectScoped {}

    record RememberBatchResponse(List<RememberResponse> results, int created, int duplicates, int pendingEmbedding) {

        static RememberBatchResponse of(List<RememberResult> results) {
            return new RememberBatchResponse(
                    results.stream().map(RememberResponse::of).toList(),
                    count(results, RememberResult.Status.CREATED),
                    count(results, RememberResult.Status.DUPLICATE),
                    count(results, RememberResult.Status.PENDING_EMBEDDING));
        }

        private static int count(List<RememberResult> results, RememberResult.Status status) {
            return (int) results.stream().filter(r -> r.status() == status).count();
        }
    }

    static final String K_REASON = "must be between 1 and " + RecallRequest.MAX_K;
    static final String QUERY_REASON = "must be at most " + RecallRequest.MAX_QUERY_CHARS + " characters";

    record RecallParameters(
            @NotNull(message = "is required") @Size(max = RecallRequest.MAX_QUERY_CHARS, message = QUERY_REASON)
            String query,

            @Min(value = 1, message = K_REASON)
            @Max(value = RecallRequest.MAX_K, message = K_REASON)
            @Default("" + RecallRequest.DEFAULT_K)
            Integer k,

            MemoryType memoryType,
            List<@NotNull(message = "must not be null") MemoryType> memoryTypes,

            @Size(max = RememberRequest.MAX_TAGS, message = TAGS_REASON)
            List<String> tags,

            @Size(max = RememberRequest.MAX_TAGS, message = TAGS_REASON)
            List<String> tagsAll,

            Instant occurredAfter,
            Instant occurredBefore,
            Map<String, Object> metadata,
            @Default("false") Boolean includeSuperseded,
            Double minScore,
            @Default("false") Boolean explain,
            @Default("hybrid") RecallMode mode,
            @Default("true") Boolean rerank,
            Instant asOf,
            String project)
            implements ProjectScoped {

        RecallRequest toRequest() {
            List<MemoryType> types = new ArrayList<>();
            if (memoryType != null) {
                types.add(memoryType);
            }
            if (memoryTypes != null) {
                types.addAll(memoryTypes);
            }
            RecallFilters filters = new RecallFilters(
                    types,
                    tags,
                    tagsAll,
                    occurredAfter,
                    occurredBefore,
                    metadata,
                    Boolean.TRUE.equals(includeSuperseded),
                    asOf);
            return new RecallRequest(
                    query,
                    k == null ? RecallRequest.DEFAULT_K : k,
                    project,
                    filters,
                    mode,
                    !Boolean.FALSE.equals(rerank),
                    minScore,
                    Boolean.TRUE.equals(explain));
        }
    }

    record RecalledMemoryResponse(
            UUID id,
            String content,
            String memoryType,
            List<String> tags,
            Map<String, Object> metadata,
            double importance,
            Instant occurredAt,
            Instant createdAt,
            double score,
            ScoreExplanation explain) {

        static RecalledMemoryResponse of(RecalledMemory memory) {
            return new RecalledMemoryResponse(
                    memory.id(),
                    memory.content(),
                    memory.memoryType().wireName(),
                    memory.tags(),
                    memory.metadata(),
                    memory.importance(),
                    memory.occurredAt(),
                    memory.createdAt(),
                    memory.score(),
                    memory.explanation());
        }
    }

    record RecallResponse(List<RecalledMemoryResponse> results, int count, boolean degraded) {

        static RecallResponse of(RecallResult result) {
            List<RecalledMemoryResponse> results =
                    result.memories().stream().map(RecalledMemoryResponse::of).toList();
            return new RecallResponse(results, results.size(), result.degraded());
        }
    }

    /** What {@link RememberRequest} makes of a memory that names no type. */
    static final String DEFAULT_MEMORY_TYPE = "fact";

    @Bean
    ToolDefinition<RememberParameters> rememberTool(MemoryService memories) {
        return new ToolDefinition<>(
                        "remember",
                        "Store a memory (fact, pattern, decision or context) so it can be recalled later. "
                                + "Identical or nearly "
                                + "identical content in the same project returns the existing memory with status "
                                + "'duplicate'. "
                                + "Use 'supersedes' to replace an older memory; use 'occurred_at' when importing "
                                + "past conversations; "
                                + "'valid_from' / 'valid_to' for a fact known to hold only for a period.",
                        RememberParameters.class,
                        p -> RememberResponse.of(memories.remember(p.toRequest())))
                .withExample("""
                        {"content": "The user's favourite programming language is Rust", "memory_type": "fact", \
                        "tags": ["preferences"], "importance": 0.8, "project": "default"}""");
    }

    @Bean
    ToolDefinition<RememberBatchParameters> rememberBatchTool(MemoryService memories, MemoryProperties settings) {
        return new ToolDefinition<>(
                        "remember_batch",
                        "Store up to " + settings.maxBatchItems()
                                + " memories of one project in one transaction, with one "
                                + "status per item. One invalid item rejects the whole batch and nothing is written.",
                        RememberBatchParameters.class,
                        p -> RememberBatchResponse.of(memories.rememberBatch(
                                p.project(),
                                p.items().stream().map(BatchItem::toRequest).toList())))
                .withConfiguredBound("items", "maxItems", settings.maxBatchItems())
                .withExample("""
                        {"project": "default", "items": [{"content": "CI runs on two cores", "memory_type": "fact"}, \
                        {"content": "We deploy on Tuesdays", "memory_type": "decision", "occurred_at": \
                        "2026-11-03T10:00:00Z"}]}""");
    }

    @Bean
    ToolDefinition<RecallParameters> recallTool(RecallService recall) {
        return new ToolDefinition<>(
                        "recall",
                        "Find the memories most relevant to a query, best first, each with a relevance score. "
                                + "Hybrid search "
                                + "(meaning and keywords) re-ranked by recency and importance; filters by type, "
                                + "tags, time range and "
                                + "metadata; 'as_of' recalls what was valid at a past moment; 'explain' shows "
                                + "every term of each score.",
                        RecallParameters.class,
                        p -> RecallResponse.of(recall.recall(p.toRequest())))
                .withEffect(ToolDefinition.Effect.READ_ONLY)
                .withExample("""
                        {"query": "Which language does the user like?", "k": 5, "project": "default", "explain": \
                        true}""");
    }
}
