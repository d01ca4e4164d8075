package dev.athena.memory;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.athena.memory.ProjectVectorIndex.VectorHit;
import dev.athena.memory.TextIndexChanges.ChangedMemory;
import dev.athena.memory.TextIndexChanges.TextChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every project's {@link ProjectTextIndex}, and {@link ProjectVectorIndex} for the memories read with an embedding, as
 * of one PostgreSQL snapshot ({@link #applied()}): the index holds exactly the active memories that snapshot sees.
 * Searches run concurrently; applying changes takes the lock alone, briefly.
 *
 * <p>Changes are applied only when read at a snapshot that sees at least what the index already reflects: a read that
 * started earlier and finished later than another is dropped, never applied over newer state. Without an applied
 * snapshot (before the first load, or after {@link #invalidate()}) the index answers nothing and recall uses the SQL
 * BM25.
 */
final class TextIndex {

    private static final Logger log = LoggerFactory.getLogger(TextIndex.class);

    /**
     * The heap the vector graphs may take, by {@link ProjectVectorIndex#approximateBytesPerVector}: past it the index
     * drops them rather than run the gateway out of memory, and recall searches pgvector's index again.
     */
    private final long maxVectorBytes;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private Map<String, ProjectTextIndex> projects = new HashMap<>();
    private Map<String, ProjectVectorIndex> vectors = new HashMap<>();
    /** The graphs with vectors put but not linked yet ({@link #linkPending}). */
    private Set<ProjectVectorIndex> unlinked = new LinkedHashSet<>();

    /** Set when the graphs outgrew {@link #maxVectorBytes}; they stay dropped until the next {@link #load}. */
    private volatile boolean vectorsOverLimit;

    private volatile PgSnapshot applied;
    private volatile Instant appliedAt;

    /** An index whose vector graphs, when it is given embeddings, may grow without a limit (tools and tests). */
    TextIndex() {
        this(Long.MAX_VALUE);
    }

    TextIndex(long maxVectorBytes) {
        if (maxVectorBytes < 0) {
            throw new IllegalArgumentException("maxVectorBytes must not be negative, was " + maxVectorBytes);
        }
        this.maxVectorBytes = maxVectorBytes;
    }

    /** The snapshot the index reflects; null while it has none. */
    PgSnapshot applied() {
        return applied;
    }

    /** When the index last caught up with the database; null while it has no snapshot. */
    Instant appliedAt() {
        return appliedAt;
    }

    /** A load for this index: it stops holding vectors at this index's limit. */
    Load newLoad() {
        return new Load(maxVectorBytes);
    }

    /** Replaces everything with a {@link Load} of the active memories {@code snapshot} sees. */
    void load(PgSnapshot snapshot, Load load, Instant now) {
        load.projects.values().forEach(ProjectTextIndex::trim);
        boolean overLimit = load.vectorsOverLimit || load.approximateVectorBytes() > maxVectorBytes;
        if (overLimit) {
            load.vectors.clear();
            logOverLimit(load.vectorCount, load.dimensions);
        }
        load.vectors.values().forEach(vectorIndex -> vectorIndex.linkPending(Integer.MAX_VALUE));
        lock.writeLock().lock();
        try {
            projects = load.projects;
            vectors = load.vectors;
            unlinked = new LinkedHashSet<>();
            vectorsOverLimit = overLimit;
            applied = snapshot;
            appliedAt = now;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Applies what a read of the change log found, if it was read at a snapshot no older than the applied one (see
     * {@link TextIndexChanges} for why that read holds every change the applied snapshot could not see).
     *
     * @return whether the changes were applied
     */
    boolean apply(TextChanges changes, Instant now) {
        lock.writeLock().lock();
        try {
            if (applied == null || !changes.snapshot().seesAtLeast(applied)) {
                return false;
            }
            if (changes.reset()) {
                projects = new HashMap<>();
                vectors = new HashMap<>();
                unlinked = new LinkedHashSet<>();
            }
            // Overlapping reads (two recalls that started together) carry the same changes: a vector already held as
            // it is stays, rather than costing a graph insertion again.
            Set<UUID> vectorsHeld = new HashSet<>();
            for (ChangedMemory change : changes.memories()) {
                if (holdsAlready(change)) {
                    vectorsHeld.add(change.id());
                }
            }
            Set<ProjectVectorIndex> shrunk = new HashSet<>();
            for (ChangedMemory change : changes.memories()) {
                ProjectTextIndex logged = projects.get(change.loggedProject());
                if (logged != null) {
                    logged.remove(change.id());
                }
                ProjectVectorIndex loggedVectors = vectors.get(change.loggedProject());
                if (loggedVectors != null && !vectorsHeld.contains(change.id()) && loggedVectors.remove(change.id())) {
                    shrunk.add(loggedVectors);
                }
            }
            Set<UUID> put = new HashSet<>();
            boolean vectorsPut = false;
            for (ChangedMemory change : changes.memories()) {
                if (change.active() && put.add(change.id())) {
                    projects.computeIfAbsent(change.project(), p -> new ProjectTextIndex())
                            .put(change.id(), change.createdAt(), change.validTo(), change.termFrequencies());
                    if (!vectorsOverLimit && !vectorsHeld.contains(change.id())) {
                        ProjectVectorIndex vectorIndex = putVector(vectors, change);
                        if (vectorIndex != null) {
                            unlinked.add(vectorIndex);
                            vectorsPut = true;
                        }
                    }
                }
            }
            projects.values().removeIf(p -> p.size() == 0);
            vectors.values().removeIf(p -> p.size() == 0);
            unlinked.removeIf(p -> p.size() == 0);
            // After all removals, so that a project the changes emptied is dropped, not built again first. A rebuild
            // holds the lock for about a millisecond per live vector; it comes once a project has lost half of them.
            shrunk.forEach(ProjectVectorIndex::compact);
            if (vectorsPut) {
                dropVectorsOverLimit();
            }
            applied = changes.snapshot();
            appliedAt = now;
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops every graph once together they would take more than {@link #maxVectorBytes}; under the write lock. */
    private void dropVectorsOverLimit() {
        if (vectorsOverLimit || vectors.isEmpty()) {
            return;
        }
        long count = 0;
        for (ProjectVectorIndex vectorIndex : vectors.values()) {
            count += vectorIndex.size();
        }
        int dimensions = vectors.values().iterator().next().dimensions();
        if (count * ProjectVectorIndex.approximateBytesPerVector(dimensions) > maxVectorBytes) {
            vectors = new HashMap<>();
            unlinked = new LinkedHashSet<>();
            vectorsOverLimit = true;
            logOverLimit(count, dimensions);
        }
    }

    private void logOverLimit(long count, int dimensions) {
        log.warn(
                "the in-process vector graphs would hold {} vectors of {} dimensions, about {} MB, over their limit of"
                        + " {} MB (athena.recall.text-index.vectors-max-heap-share of the heap): dropped; recall"
                        + " searches pgvector's index until the gateway restarts with more heap or a larger share",
                count,
                dimensions,
                count * ProjectVectorIndex.approximateBytesPerVector(dimensions) / (1024 * 1024),
                maxVectorBytes / (1024 * 1024));
    }

    /** Whether the vector graphs were dropped for outgrowing their limit (see {@link #TextIndex(long)}). */
    boolean vectorsOverLimit() {
        return vectorsOverLimit;
    }

    private boolean holdsAlready(ChangedMemory change) {
        if (!change.active() || change.embedding() == null || !change.project().equals(change.loggedProject())) {
            return false;
        }
        ProjectVectorIndex vectorIndex = vectors.get(change.project());
        return vectorIndex != null && vectorIndex.holds(change.id(), change.embedding(), change.validTo());
    }

    /**
     * Links up to {@code max} of the vectors put since into their graphs, holding the lock while it does; returns how
     * many it took. Searches find a vector from the moment it is put, by comparing the query with each one not yet
     * linked, so this only keeps that comparison short; it runs in the background, a few at a time, so that applying a
     * batch of new memories never holds recall up for the seconds its graph insertions take.
     */
    int linkPending(int max) {
        lock.writeLock().lock();
        try {
            int taken = 0;
            Iterator<ProjectVectorIndex> waiting = unlinked.iterator();
            while (waiting.hasNext() && taken < max) {
                ProjectVectorIndex vectorIndex = waiting.next();
                taken += vectorIndex.linkPending(max - taken);
                if (vectorIndex.pending() == 0) {
                    waiting.remove();
                }
            }
            return taken;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Forgets everything; the index answers nothing until the next {@link #load}. */
    void invalidate() {
        lock.writeLock().lock();
        try {
            projects = new HashMap<>();
            vectors = new HashMap<>();
            unlinked = new LinkedHashSet<>();
            applied = null;
            appliedAt = null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The project's BM25 top {@code limit}; empty when the index has no snapshot. */
    Optional<List<TextHit>> search(String project, List<String> lexemes, int limit, double k1, double b, Instant now) {
        lock.readLock().lock();
        try {
            if (applied == null) {
                return Optional.empty();
            }
            ProjectTextIndex index = projects.get(project);
            return Optional.of(index == null ? List.of() : index.search(lexemes, limit, k1, b, now));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The project's {@code limit} nearest memories to {@code query} by the HNSW graph, best first by approximate cosine
     * similarity; empty when the index has no snapshot or dropped its graphs for outgrowing their limit. Memories
     * without an embedding are not among them, as in the database's search.
     */
    Optional<List<VectorHit>> nearest(String project, float[] query, int limit, int ef, Instant now) {
        lock.readLock().lock();
        try {
            if (applied == null || vectorsOverLimit) {
                return Optional.empty();
            }
            ProjectVectorIndex index = vectors.get(project);
            return Optional.of(index == null ? List.of() : index.search(query, limit, ef, now));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** About how many bytes of heap the vectors and their graphs take, over all projects. */
    long vectorBytes() {
        lock.readLock().lock();
        try {
            return vectors.values().stream()
                    .mapToLong(ProjectVectorIndex::estimatedBytes)
                    .sum();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The project's active memories in the index; empty when the index has no snapshot. */
    OptionalInt activeMemories(String project) {
        lock.readLock().lock();
        try {
            if (applied == null) {
                return OptionalInt.empty();
            }
            ProjectTextIndex index = projects.get(project);
            return OptionalInt.of(index == null ? 0 : index.size());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * An index being built from every active memory, memory by memory, before it replaces the current one. It stops
     * holding vectors once they pass {@code maxVectorBytes}, so that a load over the limit does not fill the heap
     * first.
     */
    static final class Load {
        private final Map<String, ProjectTextIndex> projects = new HashMap<>();
        private final Map<String, ProjectVectorIndex> vectors = new HashMap<>();
        private final long maxVectorBytes;
        private long vectorCount;
        private int dimensions;
        private boolean vectorsOverLimit;

        Load() {
            this(Long.MAX_VALUE);
        }

        private Load(long maxVectorBytes) {
            this.maxVectorBytes = maxVectorBytes;
        }

        void add(ChangedMemory memory) {
            projects.computeIfAbsent(memory.project(), p -> new ProjectTextIndex())
                    .put(memory.id(), memory.createdAt(), memory.validTo(), memory.termFrequencies());
            if (vectorsOverLimit) {
                vectorCount += memory.embedding() == null ? 0 : 1;
                return;
            }
            if (putVector(vectors, memory) != null) {
                vectorCount++;
                dimensions = memory.embedding().length;
                if (approximateVectorBytes() > maxVectorBytes) {
                    vectors.clear();
                    vectorsOverLimit = true;
                }
            }
        }

        private long approximateVectorBytes() {
            return vectorCount * ProjectVectorIndex.approximateBytesPerVector(dimensions);
        }
    }

    /**
     * Adds the memory's embedding to its project's graph, when it has one. The column's type fixes the width, so every
     * embedding read has the same.
     */
    private static ProjectVectorIndex putVector(Map<String, ProjectVectorIndex> vectors, ChangedMemory memory) {
        float[] embedding = memory.embedding();
        if (embedding == null) {
            return null;
        }
        ProjectVectorIndex vectorIndex =
                vectors.computeIfAbsent(memory.project(), p -> new ProjectVectorIndex(embedding.length));
        try {
            vectorIndex.put(memory.id(), embedding, memory.validTo());
        } catch (IllegalArgumentException noDirection) {
            // An all-zero embedding has no direction: no cosine similarity ranks it, here or in the database.
            return null;
        }
        return vectorIndex;
    }

    /** Active memories indexed, over all projects. */
    long size() {
        lock.readLock().lock();
        try {
            return projects.values().stream().mapToLong(ProjectTextIndex::size).sum();
        } finally {
            lock.readLock().unlock();
        }
    }
}
