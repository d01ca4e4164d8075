package dev.athena.gateway.tools;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.athena.memory.MemoryService;
import dev.athena.memory.MemoryType;
import dev.athena.memory.RecallFilters;
import dev.athena.memory.RecallMode;
import dev.athena.memory.RecallRequest;
import dev.athena.memory.RecallService;
import dev.athena.memory.RecallResult;
import dev.athena.memory.RecalledMemory;
import dev.athena.memory.RecalledMemory.ScoreExplanation;
import dev.athena.memory.RememberRequest;
import dev.athena.memory.RememberResult;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The tools that write and find memories: remember, remember_batch and recall. */
@Configuration(proxyBeanMethods = false)
class MemoryTools {

    record RememberParameters(
            @NotNull(message = "is required") String content,
            String memoryType,
            List<String> tags,
            Double importance,
            Map<String, Object> metadata,
            String project,
            UUID supersedes,
            Instant occurredAt,
            Instant validFrom,
            Instant validTo) implements ProjectScoped {

        RememberRequest toRequest(String field) {
            return new RememberRequest(content, MemoryTools.memoryType(field, memoryType), tags, importance, metadata, project,
                    supersedes, occurredAt, validFrom, validTo);
        }
    }

    record RememberResponse(UUID id, String status, Double similarity) {

        static RememberResponse of(RememberResult result) {
            return new RememberResponse(result.id(), result.status().wireName(), result.similarity());
        }
    }

    record BatchItem(
            @NotNull(message = "is required") String content,
            String memoryType,
            List<String> tags,
            Double importance,
            Map<String, Object> metadata,
            UUID supersedes,
            Instant occurredAt,
            Instant validFrom,
            Instant validTo) {
    }

    record RememberBatchParameters(@NotNull(message = "is required") List<@Valid @NotNull(message = "must not be null") BatchItem> items,
                                   String project) implements ProjectScoped {
    }

    record RememberBatchResponse(List<RememberResponse> results, int created, int duplicates, int pendingEmbedding) {

        static RememberBatchResponse of(List<RememberResult> results) {
            return new RememberBatchResponse(results.stream().map(RememberResponse::of).toList(),
                    count(results, RememberResult.Status.CREATED), count(results, RememberResult.Status.DUPLICATE),
                    count(results, RememberResult.Status.PENDING_EMBEDDING));
        }

        private static int count(List<RememberResult> results, RememberResult.Status status) {
            return (int) results.stream().filter(r -> r.status() == status).count();
        }
    }

    record RecallParameters(
            @NotNull(message = "is required") String query,
            Integer k,
            String memoryType,
            List<String> memoryTypes,
            List<String> tags,
            List<String> tagsAll,
            Instant occurredAfter,
            Instant occurredBefore,
            Map<String, Object> metadata,
            Boolean includeSuperseded,
            Double minScore,
            Boolean explain,
            String mode,
            Boolean rerank,
            Instant asOf,
            String project) implements ProjectScoped {

        RecallRequest toRequest() {
            List<MemoryType> types = new java.util.ArrayList<>();
            if (memoryType != null) {
                types.add(MemoryTools.memoryType("memory_type", memoryType));
            }
            if (memoryTypes != null) {
                for (int i = 0; i < memoryTypes.size(); i++) {
                    types.add(MemoryTools.memoryType("memory_types[" + i + "]", memoryTypes.get(i)));
                }
            }
            RecallFilters filters = new RecallFilters(types, tags, tagsAll, occurredAfter, occurredBefore, metadata,
                    Boolean.TRUE.equals(includeSuperseded), asOf);
            return new RecallRequest(query, k == null ? RecallRequest.DEFAULT_K : k, project, filters,
                    mode == null ? RecallMode.HYBRID : RecallMode.fromWireName("mode", mode), !Boolean.FALSE.equals(rerank),
                    minScore, Boolean.TRUE.equals(explain));
        }
    }

    record RecalledMemoryResponse(UUID id, String content, String memoryType, List<String> tags,
                                  Map<String, Object> metadata, double importance, Instant occurredAt, Instant createdAt,
                                  double score, ScoreExplanation explain) {

        static RecalledMemoryResponse of(RecalledMemory memory) {
            return new RecalledMemoryResponse(memory.id(), memory.content(), memory.memoryType().wireName(),
                    memory.tags(), memory.metadata(), memory.importance(), memory.occurredAt(), memory.createdAt(),
                    memory.score(), memory.explanation());
        }
    }

    record RecallResponse(List<RecalledMemoryResponse> results, int count, boolean degraded) {

        static RecallResponse of(RecallResult result) {
            List<RecalledMemoryResponse> results = result.memories().stream().map(RecalledMemoryResponse::of).toList();
            return new RecallResponse(results, results.size(), result.degraded());
        }
    }

    static MemoryType memoryType(String field, String wireName) {
        return wireName == null ? null : MemoryType.fromWireName(field, wireName);
    }

    @Bean
    ToolDefinition<RememberParameters> rememberTool(MemoryService memories) {
        return new ToolDefinition<>("remember",
                "Store a memory (fact, pattern, decision or context) so it can be recalled later. Identical or nearly "
                        + "identical content in the same project returns the existing memory with status 'duplicate'. "
                        + "Use 'supersedes' to replace an older memory; use 'occurred_at' when importing past conversations; "
                        + "'valid_from' / 'valid_to' for a fact known to hold only for a period.",
                RememberParameters.class,
                p -> RememberResponse.of(memories.remember(p.toRequest("memory_type"))))
                .withExample("""
                        {"content": "The user's favourite programming language is Rust", "memory_type": "fact", "tags": ["preferences"], "importance": 0.8, "project": "default"}""");
    }

    @Bean
    ToolDefinition<RememberBatchParameters> rememberBatchTool(MemoryService memories) {
        return new ToolDefinition<>("remember_batch",
                "Store up to 1,000 memories of one project in one transaction, with one status per item. "
                        + "One invalid item rejects the whole batch and nothing is written.",
                RememberBatchParameters.class,
                p -> {
                    List<RememberRequest> items = new java.util.ArrayList<>(p.items().size());
                    for (int i = 0; i < p.items().size(); i++) {
                        BatchItem item = p.items().get(i);
                        items.add(new RememberRequest(item.content(), memoryType("items[" + i + "].memory_type", item.memoryType()),
                                item.tags(), item.importance(), item.metadata(), null, item.supersedes(), item.occurredAt(),
                                item.validFrom(), item.validTo()));
                    }
                    return RememberBatchResponse.of(memories.rememberBatch(p.project(), items));
                })
                .withExample("""
                        {"project": "default", "items": [{"content": "CI runs on two cores", "memory_type": "fact"}, {"content": "We deploy on Tuesdays", "memory_type": "decision", "occurred_at": "2026-11-03T10:00:00Z"}]}""");
    }

    @Bean
    ToolDefinition<RecallParameters> recallTool(RecallService recall) {
        return new ToolDefinition<>("recall",
                "Find the memories most relevant to a query, best first, each with a relevance score. Hybrid search "
                        + "(meaning and keywords) re-ranked by recency and importance; filters by type, tags, time range and "
                        + "metadata; 'as_of' recalls what was valid at a past moment; 'explain' shows every term of each score.",
                RecallParameters.class,
                p -> RecallResponse.of(recall.recall(p.toRequest())))
                .withExample("""
                        {"query": "Which language does the user like?", "k": 5, "project": "default", "explain": true}""");
    }
}
