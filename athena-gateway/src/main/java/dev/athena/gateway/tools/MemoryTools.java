package dev.athena.gateway.tools;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.athena.memory.MemoryService;
import dev.athena.memory.MemoryType;
import dev.athena.memory.RecallRequest;
import dev.athena.memory.RecallResult;
import dev.athena.memory.RecalledMemory;
import dev.athena.memory.RememberRequest;
import dev.athena.memory.RememberResult;
import jakarta.validation.constraints.NotNull;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The memory tools: remember and recall. */
@Configuration(proxyBeanMethods = false)
class MemoryTools {

    record RememberParameters(
            @NotNull(message = "is required") String content,
            String memoryType,
            List<String> tags,
            Double importance,
            String project) implements ProjectScoped {
    }

    record RememberResponse(UUID id, String status) {
    }

    record RecallParameters(
            @NotNull(message = "is required") String query,
            Integer k,
            String memoryType,
            String project) implements ProjectScoped {
    }

    record RecalledMemoryResponse(UUID id, String content, String memoryType, List<String> tags, double importance,
                                  Instant createdAt, double score) {

        static RecalledMemoryResponse of(RecalledMemory memory) {
            return new RecalledMemoryResponse(memory.id(), memory.content(), memory.memoryType().wireName(),
                    memory.tags(), memory.importance(), memory.createdAt(), memory.score());
        }
    }

    record RecallResponse(List<RecalledMemoryResponse> results, int count, boolean degraded) {

        static RecallResponse of(RecallResult result) {
            List<RecalledMemoryResponse> results = result.memories().stream().map(RecalledMemoryResponse::of).toList();
            return new RecallResponse(results, results.size(), result.degraded());
        }
    }

    @Bean
    ToolDefinition<RememberParameters> rememberTool(MemoryService memories) {
        return new ToolDefinition<>("remember",
                "Store a memory (fact, pattern, decision or context) so it can be recalled later. "
                        + "Identical content in the same project returns the existing memory with status 'duplicate'.",
                RememberParameters.class,
                p -> {
                    MemoryType type = p.memoryType() == null ? MemoryType.FACT : MemoryType.fromWireName("memory_type", p.memoryType());
                    RememberResult result = memories.remember(
                            new RememberRequest(p.content(), type, p.tags(), p.importance(), p.project()));
                    return new RememberResponse(result.id(), result.status().wireName());
                });
    }

    @Bean
    ToolDefinition<RecallParameters> recallTool(MemoryService memories) {
        return new ToolDefinition<>("recall",
                "Find the memories most relevant to a query, best first, each with a relevance score.",
                RecallParameters.class,
                p -> {
                    MemoryType type = p.memoryType() == null ? null : MemoryType.fromWireName("memory_type", p.memoryType());
                    int k = p.k() == null ? RecallRequest.DEFAULT_K : p.k();
                    return RecallResponse.of(memories.recall(new RecallRequest(p.query(), k, type, p.project())));
                });
    }
}
