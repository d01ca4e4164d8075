package dev.athena.memory;

import java.time.Clock;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Forgetting and erasure. Forget is soft and reversible by an operator (the row and its history stay); purge is the
 * answer to an erasure request: the content is gone everywhere, and history keeps only that it happened.
 */
@Service
public class MemoryLifecycleService {

    private final MemoryWrites store;
    private final MemoryCatalog catalog;
    private final MemoryProperties properties;
    private final Clock clock;

    MemoryLifecycleService(MemoryWrites store, MemoryCatalog catalog, MemoryProperties properties, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.properties = properties;
        this.clock = clock;
    }

    /** Forgets one active memory of the project; it stops being valid now. */
    @Transactional
    public void forget(UUID id, String project, String reason) {
        MemoryCatalog.requireId(id);
        String resolved = properties.resolveProject(project);
        if (!store.changeState(id, resolved, MemoryState.FORGOTTEN, null, clock.instant(), "forgotten", reason)) {
            Memory memory = catalog.get(id, resolved);
            throw new MemoryConflictException(
                    "memory " + id + " is " + memory.state().wireName() + ", not active");
        }
    }

    /**
     * Forgets every active memory of one project that matches the filter.
     *
     * @param confirmed must be true: a filter can match many memories
     * @return how many memories were forgotten
     */
    @Transactional
    public int forgetMatching(String project, ForgetFilter filter, boolean confirmed, String reason) {
        String resolved = properties.resolveProject(project);
        if (filter == null || filter.isEmpty()) {
            throw new MemoryValidationException(
                    "filter", "needs at least one of memory_type, tags, created_before, created_after");
        }
        RememberValidator.tags(filter.tags(), "tags");
        if (!confirmed) {
            throw new MemoryValidationException("confirm", "must be true to forget by filter");
        }
        return store.forgetMatching(resolved, filter, clock.instant(), reason);
    }

    /** Hard-deletes a memory of the project in any state, for erasure requests. */
    @Transactional
    public void purge(UUID id, String project, String reason) {
        MemoryCatalog.requireId(id);
        if (!store.purge(id, properties.resolveProject(project), reason)) {
            throw new MemoryNotFoundException(id);
        }
    }
}
