package dev.athena.memory;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads memories by id, page by page, and with their history; always inside one project. */
@Service
public class MemoryCatalog {

    private final MemoryRepository repository;
    private final CatalogQueries store;
    private final MemoryProperties properties;

    MemoryCatalog(MemoryRepository repository, CatalogQueries store, MemoryProperties properties) {
        this.repository = repository;
        this.store = store;
        this.properties = properties;
    }

    /** The memory with this id in the project, in any state. */
    @Transactional(readOnly = true)
    public Memory get(UUID id, String project) {
        requireId(id);
        String resolved = properties.resolveProject(project);
        return repository
                .findByIdAndProject(id, resolved)
                .map(MemoryRow::toMemory)
                .orElseThrow(() -> new MemoryNotFoundException(id));
    }

    public MemoryPage list(ListMemoriesRequest request) {
        String project = properties.resolveProject(request.project());
        int limit = request.limit() == null ? ListMemoriesRequest.DEFAULT_LIMIT : request.limit();
        if (limit < 1 || limit > ListMemoriesRequest.MAX_LIMIT) {
            throw new MemoryValidationException("limit", "must be between 1 and " + ListMemoriesRequest.MAX_LIMIT);
        }
        List<String> tags = RememberValidator.tags(request.tags(), "tags");
        PageCursor after = request.cursor() == null ? null : PageCursor.decode(request.cursor());
        // As of a moment, every memory valid then counts, superseded or forgotten since; now, the active ones.
        MemoryState state = request.state() == null && request.asOf() == null ? MemoryState.ACTIVE : request.state();
        List<Memory> page = store.page(project, request.memoryType(), tags, state, request.asOf(), after, limit + 1);
        if (page.size() <= limit) {
            return new MemoryPage(page, null);
        }
        List<Memory> items = page.subList(0, limit);
        Memory last = items.get(limit - 1);
        return new MemoryPage(List.copyOf(items), new PageCursor(last.createdAt(), last.id()).encode());
    }

    /** Every change to the memory, oldest first; also for forgotten and purged memories. */
    public List<HistoryEntry> history(UUID id, String project) {
        requireId(id);
        List<HistoryEntry> entries = store.history(id, properties.resolveProject(project));
        if (entries.isEmpty()) {
            throw new MemoryNotFoundException(id);
        }
        return entries;
    }

    static void requireId(UUID id) {
        if (id == null) {
            throw new MemoryValidationException("memory_id", "is required");
        }
    }
}
