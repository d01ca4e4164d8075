package dev.athena.gateway.console;

import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

import dev.athena.gateway.tools.Caller;
import dev.athena.gateway.tools.InvalidParametersException;
import dev.athena.gateway.tools.NotFoundException;
import dev.athena.gateway.tools.ProjectAccessDeniedException;
import dev.athena.memory.MemoryCounts;
import dev.athena.memory.MemoryProperties;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the console needs and the tools do not answer, read-only and behind the API key filter like the tools: the
 * projects the caller's key may use, memory counts and the embedding backlog of those projects, recall latency (for
 * keys bound to {@code *} only, as the metrics), and the events a memory was derived from. Not in the OpenAPI document:
 * they serve the console's pages, not agents (docs/console.md describes them).
 */
@Hidden
@RestController
@RequestMapping(path = ConsoleApiController.API_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
class ConsoleApiController {

    static final String API_PATH = ConsolePageController.PAGE_PATH + "/api";
    /** A console lists projects to choose from; beyond this many, a deployment uses the project box, not a list. */
    static final int MAX_PROJECTS = 1000;

    static final int MAX_SOURCE_EVENTS = 500;

    /**
     * @param keysRequired whether Athena runs with API keys (the console then keeps the key for the browser session)
     * @param allProjects whether the key is bound to {@code *} (or keys are off)
     * @param projects the projects to offer: the key's own, or every project that holds data plus the default one
     */
    record Session(boolean keysRequired, boolean allProjects, List<String> projects, String defaultProject) {}

    /** @param recallLatency null unless the key is bound to {@code *}: the timer covers every project */
    record Status(
            List<String> projects,
            List<MemoryCounts.MemoryCount> counts,
            long pendingEmbedding,
            RecallLatency.Summary recallLatency) {}

    record Provenance(UUID memoryId, String project, List<ConsoleQueries.SourceEvent> events) {}

    private final ConsoleQueries queries;
    private final MemoryCounts counts;
    private final RecallLatency latency;
    private final MemoryProperties memory;

    ConsoleApiController(ConsoleQueries queries, MemoryCounts counts, RecallLatency latency, MemoryProperties memory) {
        this.queries = queries;
        this.counts = counts;
        this.latency = latency;
        this.memory = memory;
    }

    @GetMapping("/session")
    Session session(HttpServletRequest request) {
        Caller caller = Caller.of(request);
        boolean keysRequired = !Caller.ANONYMOUS.equals(caller);
        return new Session(keysRequired, caller.allProjects(), visibleProjects(caller), memory.defaultProject());
    }

    @GetMapping("/status")
    Status status(HttpServletRequest request) {
        Caller caller = Caller.of(request);
        List<String> projects = visibleProjects(caller);
        return new Status(
                projects,
                counts.of(projects),
                queries.pendingEmbedding(projects),
                caller.allProjects() ? latency.summary() : null);
    }

    @GetMapping("/provenance")
    Provenance provenance(
            @RequestParam(name = "memory_id", required = false) String memoryId,
            @RequestParam(required = false) String project,
            HttpServletRequest request) {
        String resolved = memory.resolveProject(project);
        if (!Caller.of(request).mayAccess(resolved)) {
            throw new ProjectAccessDeniedException("this API key may not access project '" + resolved + "'");
        }
        UUID id = memoryId(memoryId);
        if (!queries.memoryExists(id, resolved)) {
            throw new NotFoundException("no memory with id '" + id + "' in this project");
        }
        return new Provenance(id, resolved, queries.sourceEvents(id, resolved, MAX_SOURCE_EVENTS));
    }

    private List<String> visibleProjects(Caller caller) {
        TreeSet<String> projects = new TreeSet<>();
        if (caller.allProjects()) {
            projects.add(memory.defaultProject());
            projects.addAll(queries.projects(MAX_PROJECTS));
        } else {
            projects.addAll(caller.projects());
        }
        return List.copyOf(projects);
    }

    private static UUID memoryId(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidParametersException("memory_id", "is required");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidParametersException("memory_id", "must be a UUID");
        }
    }
}
