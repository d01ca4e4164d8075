package dev.athena.gateway.tools;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.athena.gateway.tools.MemoryViews.HistoryView;
import dev.athena.gateway.tools.MemoryViews.MemoryView;
import dev.athena.memory.ForgetFilter;
import dev.athena.memory.ListMemoriesRequest;
import dev.athena.memory.MemoryCatalog;
import dev.athena.memory.MemoryLifecycleService;
import dev.athena.memory.MemoryPage;
import dev.athena.memory.MemoryState;
import dev.athena.memory.MemoryType;
import dev.athena.memory.RememberRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The tools that read, page through, forget and purge memories. */
@Configuration(proxyBeanMethods = false)
class MemoryCatalogTools {

    record MemoryIdParameters(
            @NotNull(message = "is required") UUID memoryId, String project) implements ProjectScoped {}

    static final String LIMIT_REASON = "must be between 1 and " + ListMemoriesRequest.MAX_LIMIT;

    /** {@code state} has no single default: active, or any state when {@code as_of} is given. */
    record ListMemoriesParameters(
            MemoryType memoryType,

            @Size(max = RememberRequest.MAX_TAGS, message = MemoryTools.TAGS_REASON)
            List<String> tags,

            MemoryState state,

            @Min(value = 1, message = LIMIT_REASON)
            @Max(value = ListMemoriesRequest.MAX_LIMIT, message = LIMIT_REASON)
            @Default("" + ListMemoriesRequest.DEFAULT_LIMIT)
            Integer limit,

            String cursor,
            Instant asOf,
            String project)
            implements ProjectScoped {}

    record MemoryPageView(List<MemoryView> items, int count, String nextCursor) {

        static MemoryPageView of(MemoryPage page) {
            List<MemoryView> items = page.items().stream().map(MemoryView::of).toList();
            return new MemoryPageView(items, items.size(), page.nextCursor());
        }
    }

    record HistoryResponse(UUID memoryId, List<HistoryView> entries) {}

    /** Forget one memory by id, or every active memory matching a filter (which needs {@code confirm: true}). */
    record ForgetParameters(
            UUID memoryId,
            MemoryType memoryType,

            @Size(max = RememberRequest.MAX_TAGS, message = MemoryTools.TAGS_REASON)
            List<String> tags,

            Instant createdBefore,
            Instant createdAfter,
            @Default("false") Boolean confirm,
            String reason,
            String project)
            implements ProjectScoped {

        boolean hasFilter() {
            return memoryType != null || tags != null || createdBefore != null || createdAfter != null;
        }
    }

    record ForgetResponse(int forgotten) {}

    record PurgeParameters(
            @NotNull(message = "is required") UUID memoryId,
            @NotNull(message = "must be true to purge") Boolean confirm,
            String reason,
            String project)
            implements ProjectScoped {}

    record PurgeResponse(UUID memoryId, boolean purged) {}

    @Bean
    ToolDefinition<MemoryIdParameters> getMemoryTool(MemoryCatalog catalog) {
        return new ToolDefinition<>(
                        "get_memory",
                        "Get one memory of the project by id, in any state, with all its fields.",
                        MemoryIdParameters.class,
                        p -> MemoryView.of(catalog.get(p.memoryId(), p.project())))
                .withExample("""
                        {"memory_id": "0190f0f0-0000-7000-8000-000000000000", "project": "default"}""")
                .withEffect(ToolDefinition.Effect.READ_ONLY);
    }

    @Bean
    ToolDefinition<ListMemoriesParameters> listMemoriesTool(MemoryCatalog catalog) {
        return new ToolDefinition<>(
                        "list_memories",
                        "List a project's memories newest first, page by page: pass back 'next_cursor' to get the "
                                + "next page. "
                                + "Filters: memory_type, tags (any of), state (default active), as_of (the "
                                + "memories valid at that "
                                + "moment, in any state unless 'state' is given).",
                        ListMemoriesParameters.class,
                        p -> MemoryPageView.of(catalog.list(new ListMemoriesRequest(
                                p.project(), p.memoryType(), p.tags(), p.state(), p.limit(), p.cursor(), p.asOf()))))
                .withExample("""
                        {"memory_type": "decision", "limit": 20, "project": "default"}""")
                .withEffect(ToolDefinition.Effect.READ_ONLY);
    }

    @Bean
    ToolDefinition<MemoryIdParameters> memoryHistoryTool(MemoryCatalog catalog) {
        return new ToolDefinition<>(
                        "memory_history",
                        "Every change to a memory, oldest first (created, superseded, forgotten, purged).",
                        MemoryIdParameters.class,
                        p -> new HistoryResponse(
                                p.memoryId(),
                                catalog.history(p.memoryId(), p.project()).stream()
                                        .map(HistoryView::of)
                                        .toList()))
                .withExample("""
                        {"memory_id": "0190f0f0-0000-7000-8000-000000000000", "project": "default"}""")
                .withEffect(ToolDefinition.Effect.READ_ONLY);
    }

    @Bean
    ToolDefinition<ForgetParameters> forgetTool(MemoryLifecycleService lifecycle) {
        return new ToolDefinition<>(
                        "forget",
                        "Forget a memory by 'memory_id' (soft: kept in history, no longer recalled), or forget "
                                + "every active memory "
                                + "of the project matching memory_type / tags / created_before / created_after, "
                                + "which requires 'confirm': true.",
                        ForgetParameters.class,
                        p -> {
                            if (p.memoryId() != null && p.hasFilter()) {
                                throw new InvalidParametersException(
                                        "memory_id", "give either memory_id or a filter, not both");
                            }
                            if (p.memoryId() != null) {
                                lifecycle.forget(p.memoryId(), p.project(), p.reason());
                                return new ForgetResponse(1);
                            }
                            ForgetFilter filter =
                                    new ForgetFilter(p.memoryType(), p.tags(), p.createdBefore(), p.createdAfter());
                            return new ForgetResponse(lifecycle.forgetMatching(
                                    p.project(), filter, Boolean.TRUE.equals(p.confirm()), p.reason()));
                        })
                .withExample("""
                        {"memory_id": "0190f0f0-0000-7000-8000-000000000000", "reason": "no longer true", "project": \
                        "default"}""")
                .withEffect(ToolDefinition.Effect.DESTRUCTIVE);
    }

    @Bean
    ToolDefinition<PurgeParameters> purgeMemoryTool(MemoryLifecycleService lifecycle) {
        return new ToolDefinition<>(
                        "purge_memory",
                        "Erase a memory for good (erasure requests): its content is deleted everywhere and its "
                                + "history keeps only that it happened. Requires 'confirm': true.",
                        PurgeParameters.class,
                        p -> {
                            if (!p.confirm()) {
                                throw new InvalidParametersException("confirm", "must be true to purge");
                            }
                            lifecycle.purge(p.memoryId(), p.project(), p.reason());
                            return new PurgeResponse(p.memoryId(), true);
                        })
                .withExample("""
                        {"memory_id": "0190f0f0-0000-7000-8000-000000000000", "confirm": true, "reason": "erasure \
                        request #42", "project": "default"}""")
                .withEffect(ToolDefinition.Effect.DESTRUCTIVE);
    }
}
