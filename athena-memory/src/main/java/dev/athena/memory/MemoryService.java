package dev.athena.memory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingPurpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Remembers memories, one project at a time ({@link RecallService} finds them again).
 *
 * <p>A remember call is never lost to a missing embedder: the memory is stored without a vector (findable by full text
 * at once) and {@link EmbeddingBackfill} embeds it later. Dedup never deletes: an exact or near duplicate returns the
 * existing memory's id and writes nothing.
 */
@Service
public class MemoryService {

    private static final Logger log = LoggerFactory.getLogger(MemoryService.class);

    private final MemoryWrites store;
    private final RememberValidator validator;
    private final EmbeddingClient embeddings;
    private final MemoryProperties properties;
    private final TransactionTemplate transaction;
    private final MemoryCatalog catalog;
    private final Clock clock;

    MemoryService(
            MemoryWrites store,
            RememberValidator validator,
            EmbeddingClient embeddings,
            MemoryProperties properties,
            TransactionTemplate transaction,
            MemoryCatalog catalog,
            Clock clock) {
        this.store = store;
        this.validator = validator;
        this.embeddings = embeddings;
        this.properties = properties;
        this.transaction = transaction;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Stores one memory, or returns the existing one it duplicates. */
    public RememberResult remember(RememberRequest request) {
        return persist(List.of(validator.validate(request, ""))).get(0);
    }

    /**
     * Stores up to {@code athena.memory.max-batch-items} memories of one project in one transaction: every item is
     * validated first, so one bad item rejects the whole batch and nothing is written.
     *
     * @return one result per item, in order
     */
    public List<RememberResult> rememberBatch(String project, List<RememberRequest> items) {
        if (items == null || items.isEmpty()) {
            throw new MemoryValidationException("items", "must contain at least one item");
        }
        if (items.size() > properties.maxBatchItems()) {
            throw new MemoryValidationException(
                    "items", "at most " + properties.maxBatchItems() + " items per batch, got " + items.size());
        }
        String resolvedProject = properties.resolveProject(project);
        List<MemoryDraft> drafts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            RememberRequest item = items.get(i);
            if (item.project() != null && !item.project().equals(resolvedProject)) {
                throw new MemoryValidationException(
                        "items[" + i + "].project", "must match the batch's project or be left out");
            }
            drafts.add(validator.validate(item, resolvedProject, "items[" + i + "]."));
        }
        return persist(drafts);
    }

    /** All drafts belong to one project. */
    private List<RememberResult> persist(List<MemoryDraft> drafts) {
        String project = drafts.get(0).project();
        RememberResult[] results = new RememberResult[drafts.size()];
        Map<Integer, Integer> repeats = new HashMap<>();
        List<Integer> fresh = resolveExactDuplicates(project, drafts, results, repeats);
        checkSupersededTargets(project, fresh.stream().map(drafts::get).toList());

        List<float[]> vectors =
                embedDocuments(fresh.stream().map(i -> drafts.get(i).content()).toList());
        List<Integer> toInsert = excludeNearDuplicates(project, drafts, fresh, vectors, results);

        Map<Integer, float[]> vectorOf = new HashMap<>();
        for (int f = 0; vectors != null && f < fresh.size(); f++) {
            vectorOf.put(fresh.get(f), vectors.get(f));
        }
        List<NewMemory> rows = new ArrayList<>(toInsert.size());
        for (int i : toInsert) {
            float[] vector = vectorOf.get(i);
            rows.add(new NewMemory(
                    TimeOrderedIds.next(clock),
                    drafts.get(i),
                    vector,
                    embeddings.model().name(),
                    clock.instant()));
        }
        boolean[] inserted = transaction.execute(status -> insertWithHistory(project, rows));
        List<String> lostRaces = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            int i = toInsert.get(r);
            if (inserted[r]) {
                results[i] =
                        RememberResult.created(rows.get(r).id(), rows.get(r).embedding() != null);
            } else {
                lostRaces.add(drafts.get(i).contentHash());
            }
        }
        if (!lostRaces.isEmpty()) {
            // Concurrent calls stored the same content between our check and our insert: theirs is the memory.
            Map<String, UUID> winners = store.activeIdsByContentHash(project, lostRaces);
            for (int r = 0; r < rows.size(); r++) {
                if (!inserted[r]) {
                    results[toInsert.get(r)] = RememberResult.exactDuplicate(
                            winners.get(rows.get(r).draft().contentHash()));
                }
            }
        }
        repeats.forEach((repeat, first) -> results[repeat] = RememberResult.exactDuplicate(results[first].id()));
        return Arrays.asList(results);
    }

    /**
     * Marks exact duplicates of stored memories, notes repeats of an earlier item of the batch (position -> first
     * position) and returns the positions still to store.
     */
    private List<Integer> resolveExactDuplicates(
            String project, List<MemoryDraft> drafts, RememberResult[] results, Map<Integer, Integer> repeats) {
        Map<String, UUID> existing = store.activeIdsByContentHash(
                project,
                drafts.stream().map(MemoryDraft::contentHash).distinct().toList());
        Map<String, Integer> firstInBatch = new HashMap<>();
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            String hash = drafts.get(i).contentHash();
            if (existing.containsKey(hash)) {
                results[i] = RememberResult.exactDuplicate(existing.get(hash));
            } else {
                Integer first = firstInBatch.putIfAbsent(hash, i);
                if (first == null) {
                    fresh.add(i);
                } else {
                    repeats.put(i, first);
                }
            }
        }
        return fresh;
    }

    private void checkSupersededTargets(String project, List<MemoryDraft> drafts) {
        for (MemoryDraft draft : drafts) {
            if (draft.supersedes() == null) {
                continue;
            }
            Memory target = catalog.get(draft.supersedes(), project);
            if (target.state() != MemoryState.ACTIVE) {
                throw new MemoryConflictException("memory " + target.id() + " is "
                        + target.state().wireName() + " and cannot be superseded again");
            }
        }
    }

    private List<Integer> excludeNearDuplicates(
            String project,
            List<MemoryDraft> drafts,
            List<Integer> fresh,
            List<float[]> vectors,
            RememberResult[] results) {
        if (vectors == null || properties.nearDuplicateThreshold() > 1.0) {
            return fresh;
        }
        List<UUID> excluded =
                fresh.stream().map(i -> drafts.get(i).supersedes()).toList();
        List<MemoryWrites.Neighbour> nearest = store.nearestActive(project, vectors, excluded);
        double threshold = embeddings.model().rawSimilarity(properties.nearDuplicateThreshold());
        List<Integer> remaining = new ArrayList<>();
        for (int f = 0; f < fresh.size(); f++) {
            MemoryWrites.Neighbour neighbour = nearest.get(f);
            if (neighbour != null && neighbour.similarity() >= threshold) {
                results[fresh.get(f)] = RememberResult.nearDuplicate(neighbour.id(), neighbour.similarity());
            } else {
                remaining.add(fresh.get(f));
            }
        }
        return remaining;
    }

    private boolean[] insertWithHistory(String project, List<NewMemory> rows) {
        boolean[] inserted = store.insertIfAbsentWithHistory(rows);
        for (int r = 0; r < rows.size(); r++) {
            UUID older = rows.get(r).draft().supersedes();
            if (inserted[r]
                    && older != null
                    && !store.changeState(
                            older,
                            project,
                            MemoryState.SUPERSEDED,
                            rows.get(r).id(),
                            rows.get(r).draft().validFrom(),
                            "superseded",
                            "superseded by " + rows.get(r).id())) {
                throw new MemoryConflictException(
                        "memory " + older + " changed while it was being superseded; nothing was written");
            }
        }
        return inserted;
    }

    /** One vector per text, or {@code null} when the embedder cannot answer now (the memories wait as pending). */
    private List<float[]> embedDocuments(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += properties.embedBatchSize()) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + properties.embedBatchSize()));
            Optional<List<float[]>> embedded = embed(chunk, EmbeddingPurpose.DOCUMENT);
            if (embedded.isEmpty()) {
                return null;
            }
            vectors.addAll(embedded.get());
        }
        return vectors;
    }

    private Optional<List<float[]>> embed(List<String> texts, EmbeddingPurpose purpose) {
        try {
            return Optional.ofNullable(embeddings.embed(texts, purpose).block(properties.embedTimeout()));
        } catch (RuntimeException e) {
            log.warn(
                    "embedding unavailable ({}, {} texts), continuing without vectors: {}",
                    purpose,
                    texts.size(),
                    e.getMessage());
            return Optional.empty();
        }
    }
}
