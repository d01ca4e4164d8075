package dev.athena.memory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingPurpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Remembers and recalls memories, one project at a time. */
@Service
public class MemoryService {

    private static final Logger log = LoggerFactory.getLogger(MemoryService.class);
    static final int MAX_TAGS = 32;
    static final int MAX_TAG_LENGTH = 64;
    static final int MAX_QUERY_CHARS = 4096;

    private final MemoryStore store;
    private final MemoryRepository repository;
    private final EmbeddingClient embeddings;
    private final MemoryProperties properties;
    private final Clock clock;

    MemoryService(MemoryStore store, MemoryRepository repository, EmbeddingClient embeddings,
                  MemoryProperties properties, Clock clock) {
        this.store = store;
        this.repository = repository;
        this.embeddings = embeddings;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Stores a memory. An identical memory already active in the project is returned instead of a copy; an
     * embedder that does not answer leaves the memory pending rather than failing the call.
     */
    public RememberResult remember(RememberRequest request) {
        String content = requireContent(request.content());
        List<String> tags = validTags(request.tags());
        double importance = validImportance(request.importance());
        String project = Projects.resolve(request.project(), properties.defaultProject());
        String hash = ContentHash.of(content);

        Optional<UUID> existing = activeMemoryWithHash(project, hash);
        if (existing.isPresent()) {
            return new RememberResult(existing.get(), RememberResult.Status.DUPLICATE);
        }
        float[] vector = embed(content, EmbeddingPurpose.DOCUMENT).orElse(null);
        NewMemory memory = new NewMemory(TimeOrderedIds.next(clock), project, request.memoryType(), content, hash,
                vector, embeddings.model().name(), tags, importance, clock.instant());
        if (!store.insertIfAbsent(memory)) {
            // A concurrent call stored the same content between our check and our insert.
            UUID winner = activeMemoryWithHash(project, hash)
                    .orElseThrow(() -> new IllegalStateException("duplicate reported but no active row for hash " + hash));
            return new RememberResult(winner, RememberResult.Status.DUPLICATE);
        }
        return new RememberResult(memory.id(),
                vector == null ? RememberResult.Status.PENDING_EMBEDDING : RememberResult.Status.CREATED);
    }

    /** Finds the memories most relevant to a query: by meaning, or by words alone when the embedder is unavailable. */
    public RecallResult recall(RecallRequest request) {
        String query = request.query();
        if (query == null || query.isBlank()) {
            throw new MemoryValidationException("query", "must not be empty");
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw new MemoryValidationException("query", "must be at most " + MAX_QUERY_CHARS + " characters");
        }
        if (request.k() < 1 || request.k() > RecallRequest.MAX_K) {
            throw new MemoryValidationException("k", "must be between 1 and " + RecallRequest.MAX_K);
        }
        String project = Projects.resolve(request.project(), properties.defaultProject());
        Optional<float[]> vector = embed(query, EmbeddingPurpose.QUERY);
        if (vector.isEmpty()) {
            return new RecallResult(store.fullText(project, query, request.memoryType(), request.k()), true);
        }
        return new RecallResult(store.nearest(project, vector.get(), request.memoryType(), request.k()), false);
    }

    private Optional<UUID> activeMemoryWithHash(String project, String hash) {
        return repository.findByProjectAndContentHashAndState(project, hash, "active").map(MemoryEntity::id);
    }

    private Optional<float[]> embed(String text, EmbeddingPurpose purpose) {
        Duration timeout = properties.embedTimeout();
        try {
            return Optional.ofNullable(embeddings.embed(text, purpose).block(timeout));
        } catch (RuntimeException e) {
            log.warn("embedding unavailable ({}), continuing without a vector: {}", purpose, e.getMessage());
            return Optional.empty();
        }
    }

    private String requireContent(String content) {
        if (content == null || content.isBlank()) {
            throw new MemoryValidationException("content", "must not be empty");
        }
        int bytes = content.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > properties.maxContentBytes()) {
            throw new MemoryValidationException("content",
                    "is " + bytes + " bytes, more than the limit of " + properties.maxContentBytes() + " bytes");
        }
        return content;
    }

    private static List<String> validTags(List<String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new MemoryValidationException("tags", "at most " + MAX_TAGS + " tags are allowed");
        }
        for (String tag : tags) {
            if (tag == null || tag.isBlank() || tag.length() > MAX_TAG_LENGTH) {
                throw new MemoryValidationException("tags", "each tag must be 1-" + MAX_TAG_LENGTH + " characters");
            }
        }
        return tags.stream().map(String::strip).distinct().toList();
    }

    private static double validImportance(Double importance) {
        if (importance == null) {
            return 0.5;
        }
        if (importance.isNaN() || importance < 0 || importance > 1) {
            throw new MemoryValidationException("importance", "must be between 0 and 1");
        }
        return importance;
    }
}
