package dev.athena.memory;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * One project's HNSW graph (Malkov and Yashunin, 2016) over its active memories' embeddings: approximate nearest
 * neighbours by cosine similarity without reading a row.
 *
 * <p>Each vector is kept normalized and scalar-quantized to a byte a component with its own scale, a quarter of the
 * floats: 100,000 vectors of 384 dimensions take about 38 MB of codes. Two stored vectors are compared in integer
 * arithmetic; a query stays in floats and is compared with the codes, which is more accurate than quantizing it too.
 *
 * <p>A put stores the vector at once and {@link #linkPending} links it into the graph later (a graph insertion costs
 * about a millisecond at 100,000 vectors, too long to hold the caller's lock for a batch); until then searches compare
 * the query with it directly, so it is found from the moment it is put.
 *
 * <p>Not thread-safe: the caller guards it with a read/write lock. {@link #search} changes nothing in the index, so
 * searches may run together; puts, removes and links run alone. A vector that leaves becomes a tombstone: it still
 * connects the graph, so searches walk through it, but it is never returned. Once tombstones outnumber the live
 * vectors, {@link #compact} builds the graph again from the live ones alone.
 */
final class ProjectVectorIndex {

    /** Links a node keeps on each upper layer; twice as many on layer 0, where every node lives. */
    private static final int M = 16;

    private static final int MAX_LAYER0 = 2 * M;
    private static final int EF_CONSTRUCTION = 100;
    private static final double LEVEL_MULTIPLIER = 1 / Math.log(M);
    /** Far above any level drawn for a few million vectors: each level is 16 times rarer than the one below. */
    private static final int MAX_LEVEL = 24;
    /** Fixed, so that the same puts build the same graph and a search answers the same on every replica. */
    private static final long SEED = 0x5EED_0F_A7E7AL;

    private static final int REBUILD_AFTER_TOMBSTONES = 1024;
    private static final int INITIAL_CAPACITY = 64;
    /** Codes are kept in blocks of 512 vectors (192 KB at 384 dimensions). */
    private static final int BLOCK_SHIFT = 9;

    private static final int BLOCK_MASK = (1 << BLOCK_SHIFT) - 1;
    /** An upper layer's list: its count, then up to {@link #M} neighbours. */
    private static final int UPPER_STRIDE = M + 1;

    private final int dimensions;
    private final Map<UUID, Integer> slots = new HashMap<>();

    private SplittableRandom random;
    /**
     * Slot {@code s}'s codes start at {@code (s & BLOCK_MASK) * dimensions} in block {@code s >>> BLOCK_SHIFT}. Blocks,
     * not one array, because the codes are most of the index: a block grows by doubling up to its full size, so at most
     * half a block stands empty, and growing never copies the full blocks.
     */
    private byte[][] codes;

    private float[] scales;
    /** Null for a tombstone. */
    private UUID[] ids;
    /** Epoch micros at which the memory's validity ends; {@link Long#MAX_VALUE} when it does not. */
    private long[] validTo;

    private int[][] links0;
    private byte[] degrees0;
    /**
     * Layers 1 to the node's level (which is the length over {@link #UPPER_STRIDE}), {@link #UPPER_STRIDE} ints each;
     * null for the 15 in 16 nodes that live on layer 0 only.
     */
    private int[][] upper;

    private int used;
    /** Slots below this are linked into the graph (or were removed before their turn); the rest wait in order. */
    private int linkedUpTo;

    private int live;
    private int entryPoint;
    private int topLevel;

    ProjectVectorIndex(int dimensions) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("A vector index needs at least one dimension, not " + dimensions);
        }
        this.dimensions = dimensions;
        clear(INITIAL_CAPACITY);
    }

    /**
     * Adds a memory's embedding, or replaces what the index held for it; {@code validUntil} null when its validity does
     * not end.
     */
    void put(UUID id, float[] embedding, Instant validUntil) {
        Objects.requireNonNull(id, "id");
        checkDimensions("embedding", embedding);
        double norm = norm("embedding", embedding);
        if (norm == 0) {
            throw new IllegalArgumentException("The embedding is all zeros: it has no direction to compare");
        }
        remove(id);
        int slot = newSlot();
        scales[slot] = quantize(embedding, norm, codesFor(slot), (slot & BLOCK_MASK) * dimensions);
        ids[slot] = id;
        validTo[slot] = validUntil == null ? Long.MAX_VALUE : micros(validUntil);
        slots.put(id, slot);
        live++;
    }

    /**
     * Whether the index holds {@code id} with this embedding (as quantized) and this end of validity: applying the same
     * change again then needs nothing, where removing and linking it again would cost a graph insertion.
     */
    boolean holds(UUID id, float[] embedding, Instant validUntil) {
        Integer slot = slots.get(id);
        if (slot == null
                || embedding.length != dimensions
                || validTo[slot] != (validUntil == null ? Long.MAX_VALUE : micros(validUntil))) {
            return false;
        }
        double norm = norm("embedding", embedding);
        if (norm == 0) {
            return false;
        }
        byte[] quantized = new byte[dimensions];
        float scale = quantize(embedding, norm, quantized, 0);
        return scale == scales[slot]
                && Arrays.equals(
                        quantized,
                        0,
                        dimensions,
                        codes[slot >>> BLOCK_SHIFT],
                        (slot & BLOCK_MASK) * dimensions,
                        (slot & BLOCK_MASK) * dimensions + dimensions);
    }

    /**
     * Links up to {@code max} of the vectors put since the last call into the graph, oldest first; returns how many it
     * took off the queue. A put only stores its vector: linking it (about a millisecond at 100,000 vectors) is left to
     * this, so that whoever applies a batch of new memories holds the caller's lock briefly, and searches compare the
     * query with every vector still waiting instead.
     */
    int linkPending(int max) {
        int taken = 0;
        while (linkedUpTo < used && taken < max) {
            int slot = linkedUpTo++;
            if (ids[slot] != null) {
                link(slot);
            }
            taken++;
        }
        return taken;
    }

    /** Vectors put but not linked into the graph yet: searches compare the query with each of them. */
    int pending() {
        return used - linkedUpTo;
    }

    /** Removes a memory's embedding; false when the index did not hold it. */
    boolean remove(UUID id) {
        Integer slot = slots.remove(id);
        if (slot == null) {
            return false;
        }
        ids[slot] = null;
        live--;
        if (live == 0) {
            clear(INITIAL_CAPACITY);
        }
        return true;
    }

    /**
     * Builds the graph again from the live vectors once tombstones outnumber them (and at least 1,024), so that
     * searches stop walking through the departed; returns whether it did. Apart from {@link #remove}, so that a batch
     * of changes is applied first and a project emptied by it is cleared, not built again halfway.
     */
    boolean compact() {
        if (used - live > Math.max(REBUILD_AFTER_TOMBSTONES, live)) {
            rebuild();
            return true;
        }
        return false;
    }

    /** Live vectors. */
    int size() {
        return live;
    }

    boolean contains(UUID id) {
        return slots.containsKey(id);
    }

    int dimensions() {
        return dimensions;
    }

    /**
     * At most {@code limit} live vectors whose validity has not ended at {@code now}, best first by approximate cosine
     * similarity to the query (equal similarities: the earlier put first).
     *
     * <p>The search keeps a beam of {@code max(ef, limit)} candidates. Tombstones and vectors whose validity ended are
     * walked through, since they connect the graph, but never enter the beam. Vectors not linked yet are compared with
     * the query one by one. An index no larger than the beam is searched exactly: comparing with every vector costs
     * less than walking the graph.
     */
    List<VectorHit> search(float[] query, int limit, int ef, Instant now) {
        checkDimensions("query", query);
        double norm = norm("query", query);
        if (live == 0 || limit <= 0 || norm == 0) {
            return List.of();
        }
        float[] unit = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            unit[i] = (float) (query[i] / norm);
        }
        long nowMicros = micros(now);
        int beam = Math.max(ef, limit);
        Heap best;
        if (used <= beam || entryPoint < 0) {
            best = new Heap(Math.min(limit, live), false);
            for (int slot = 0; slot < used; slot++) {
                if (returnable(slot, nowMicros)) {
                    best.offer(slot, similarity(unit, slot), limit);
                }
            }
        } else {
            int current = entryPoint;
            float currentSimilarity = similarity(unit, -1, current);
            for (int layer = topLevel; layer > 0; layer--) {
                current = greedy(unit, -1, current, currentSimilarity, layer);
                currentSimilarity = similarity(unit, -1, current);
            }
            best = searchLayer(unit, -1, current, currentSimilarity, beam, 0, nowMicros);
            for (int slot = linkedUpTo; slot < used; slot++) {
                if (returnable(slot, nowMicros)) {
                    best.offer(slot, similarity(unit, slot), beam);
                }
            }
        }
        int count = best.size;
        int[] bestFirst = new int[count];
        float[] similarities = new float[count];
        best.drainBestFirst(bestFirst, similarities);
        VectorHit[] hits = new VectorHit[Math.min(limit, count)];
        for (int i = 0; i < hits.length; i++) {
            hits[i] = new VectorHit(ids[bestFirst[i]], similarities[i]);
        }
        return List.of(hits);
    }

    /**
     * A rough count of the heap the index holds (codes, scales, links, ids and their map), for a gauge; assumes
     * compressed references.
     */
    long estimatedBytes() {
        long capacity = ids.length;
        long bytes = 7 * 16L + capacity * (4 + 8 + 1) + 3 * 4 * capacity + 4L * codes.length;
        for (byte[] block : codes) {
            bytes += block == null ? 0 : 16 + block.length;
        }
        bytes += linkedUpTo * (16L + 4L * MAX_LAYER0);
        for (int slot = 0; slot < used; slot++) {
            if (upper[slot] != null) {
                bytes += 16 + 4L * upper[slot].length;
            }
        }
        // A UUID (32), a HashMap node (32), a boxed slot (16) and the map's table (8 at its usual load).
        return bytes + live * 88L;
    }

    /**
     * About how many bytes of heap one vector of {@code dimensions} takes once linked, as {@link #estimatedBytes}
     * counts them: its codes, its bottom-layer links (and a share of the upper layers'), its scale, validity and id.
     */
    static long approximateBytesPerVector(int dimensions) {
        long codes = dimensions;
        long bottomLayerLinks = 16L + 4L * MAX_LAYER0;
        // One node in 16 lives on upper layers too, with about 130 bytes of links there.
        long upperLayerLinksShare = 8;
        long scaleValidityAndDegree = 4 + 8 + 1;
        long referencesToIdAndLinks = 3 * 4;
        // A UUID (32), a HashMap node (32), a boxed slot (16) and the map's table (8 at its usual load).
        long idAndItsSlot = 88;
        return codes
                + bottomLayerLinks
                + upperLayerLinksShare
                + scaleValidityAndDegree
                + referencesToIdAndLinks
                + idAndItsSlot;
    }

    /** A vector the search found, with its approximate cosine similarity to the query. */
    record VectorHit(UUID id, double similarity) {}

    /** Links a stored vector into the graph: the paper's Algorithm 1, the layers below the top taking a beam each. */
    private void link(int slot) {
        int level = randomLevel();
        links0[slot] = new int[MAX_LAYER0];
        degrees0[slot] = 0;
        upper[slot] = level > 0 ? new int[level * UPPER_STRIDE] : null;
        if (entryPoint < 0) {
            entryPoint = slot;
            topLevel = level;
            return;
        }
        int current = entryPoint;
        float currentSimilarity = similarity(null, slot, current);
        for (int layer = topLevel; layer > level; layer--) {
            current = greedy(null, slot, current, currentSimilarity, layer);
            currentSimilarity = similarity(null, slot, current);
        }
        int[] selected = new int[M];
        for (int layer = Math.min(level, topLevel); layer >= 0; layer--) {
            Heap found = searchLayer(null, slot, current, currentSimilarity, EF_CONSTRUCTION, layer, Long.MIN_VALUE);
            int count = found.size;
            int[] candidates = new int[count];
            float[] candidateSimilarities = new float[count];
            found.drainBestFirst(candidates, candidateSimilarities);
            int kept = selectNeighbours(candidates, candidateSimilarities, count, M, selected);
            for (int i = 0; i < kept; i++) {
                addLink(slot, selected[i], layer);
                connect(selected[i], slot, layer);
            }
            current = candidates[0];
            currentSimilarity = candidateSimilarities[0];
        }
        if (level > topLevel) {
            entryPoint = slot;
            topLevel = level;
        }
    }

    /**
     * Gives {@code node} a link to the new {@code slot}; a full list is shrunk with the same heuristic that chose the
     * new node's neighbours, so that links keep pointing in different directions.
     */
    private void connect(int node, int slot, int layer) {
        int max = layer == 0 ? MAX_LAYER0 : M;
        int[] list = layer == 0 ? links0[node] : upper[node];
        int from = layer == 0 ? 0 : (layer - 1) * UPPER_STRIDE + 1;
        int count = layer == 0 ? degrees0[node] : upper[node][from - 1];
        if (count < max) {
            addLink(node, slot, layer);
            return;
        }
        int[] candidates = new int[count + 1];
        float[] candidateSimilarities = new float[count + 1];
        for (int i = 0; i < count; i++) {
            candidates[i] = list[from + i];
        }
        candidates[count] = slot;
        for (int i = 0; i <= count; i++) {
            candidateSimilarities[i] = similarity(null, node, candidates[i]);
        }
        sortBestFirst(candidates, candidateSimilarities, count + 1);
        int[] kept = new int[max];
        int keptCount = selectNeighbours(candidates, candidateSimilarities, count + 1, max, kept);
        System.arraycopy(kept, 0, list, from, keptCount);
        setDegree(node, layer, keptCount);
    }

    /**
     * The paper's Algorithm 4 without extending the candidates: a candidate (best first) is kept when it is closer to
     * the base than to every neighbour already kept, so that a cluster is reached by one link and the rest go
     * elsewhere; this keeps the graph navigable where plain nearest neighbours would all point into one cluster.
     */
    private int selectNeighbours(int[] candidates, float[] similarities, int count, int max, int[] kept) {
        int keptCount = 0;
        for (int i = 0; i < count && keptCount < max; i++) {
            int candidate = candidates[i];
            boolean keep = true;
            for (int j = 0; j < keptCount && keep; j++) {
                keep = similarity(null, candidate, kept[j]) <= similarities[i];
            }
            if (keep) {
                kept[keptCount++] = candidate;
            }
        }
        return keptCount;
    }

    /**
     * Walks layer {@code layer} from {@code entry} to a node no neighbour of which is more similar to the query: how
     * the upper layers, which hold one node in 16 per layer, take a search close to its answer in a few steps.
     */
    private int greedy(float[] query, int querySlot, int entry, float entrySimilarity, int layer) {
        int current = entry;
        float currentSimilarity = entrySimilarity;
        boolean moved = true;
        while (moved) {
            moved = false;
            int[] list = layer == 0 ? links0[current] : upper[current];
            int from = layer == 0 ? 0 : (layer - 1) * UPPER_STRIDE + 1;
            int count = layer == 0 ? degrees0[current] : list[from - 1];
            for (int i = from; i < from + count; i++) {
                int neighbour = list[i];
                float s = similarity(query, querySlot, neighbour);
                if (s > currentSimilarity) {
                    current = neighbour;
                    currentSimilarity = s;
                    moved = true;
                }
            }
        }
        return current;
    }

    /**
     * The paper's Algorithm 2 on one layer: the best {@code ef} nodes it finds, as a heap with the worst on top. The
     * query is either a normalized float vector or, while linking, a stored slot ({@code query} null).
     *
     * <p>With {@code nowMicros} above {@link Long#MIN_VALUE} only live nodes still valid then enter the result; the
     * others are still expanded, as long as they could lead to a better result than the worst kept. The visited set and
     * the heaps are this call's own, so concurrent searches share nothing they write.
     */
    private Heap searchLayer(
            float[] query, int querySlot, int entry, float entrySimilarity, int ef, int layer, long nowMicros) {
        boolean filtered = nowMicros != Long.MIN_VALUE;
        long[] visited = new long[(used + 63) >>> 6];
        Heap candidates = new Heap(Math.max(16, ef), true);
        Heap found = new Heap(ef, false);
        visited[entry >>> 6] |= 1L << entry;
        candidates.push(entry, entrySimilarity);
        if (!filtered || returnable(entry, nowMicros)) {
            found.push(entry, entrySimilarity);
        }
        while (candidates.size > 0) {
            int node = candidates.topNode();
            float nodeSimilarity = candidates.topSimilarity();
            if (found.size == ef && nodeSimilarity < found.topSimilarity()) {
                break;
            }
            candidates.pop();
            int[] list = layer == 0 ? links0[node] : upper[node];
            int from = layer == 0 ? 0 : (layer - 1) * UPPER_STRIDE + 1;
            int count = layer == 0 ? degrees0[node] : list[from - 1];
            for (int i = from; i < from + count; i++) {
                int neighbour = list[i];
                long bit = 1L << neighbour;
                if ((visited[neighbour >>> 6] & bit) != 0) {
                    continue;
                }
                visited[neighbour >>> 6] |= bit;
                float s = similarity(query, querySlot, neighbour);
                if (found.size < ef || s > found.topSimilarity()) {
                    candidates.push(neighbour, s);
                    if (!filtered || returnable(neighbour, nowMicros)) {
                        found.offer(neighbour, s, ef);
                    }
                }
            }
        }
        return found;
    }

    private boolean returnable(int slot, long nowMicros) {
        return ids[slot] != null && validTo[slot] > nowMicros;
    }

    private void addLink(int node, int neighbour, int layer) {
        if (layer == 0) {
            links0[node][degrees0[node]++] = neighbour;
        } else {
            int countAt = (layer - 1) * UPPER_STRIDE;
            int[] list = upper[node];
            list[countAt + 1 + list[countAt]] = neighbour;
            list[countAt]++;
        }
    }

    private void setDegree(int node, int layer, int degree) {
        if (layer == 0) {
            degrees0[node] = (byte) degree;
        } else {
            upper[node][(layer - 1) * UPPER_STRIDE] = degree;
        }
    }

    private int randomLevel() {
        double level = -Math.log(1 - random.nextDouble()) * LEVEL_MULTIPLIER;
        return (int) Math.min(level, MAX_LEVEL);
    }

    /**
     * The query's similarity to a stored vector: with a float query {@code sum(query[i] * code[i]) * scale}, between
     * two stored vectors the integer dot product of their codes times both scales.
     */
    private float similarity(float[] query, int querySlot, int slot) {
        return query != null ? similarity(query, slot) : similarity(querySlot, slot);
    }

    private float similarity(float[] query, int slot) {
        byte[] c = codes[slot >>> BLOCK_SHIFT];
        int offset = (slot & BLOCK_MASK) * dimensions;
        // Four sums instead of one: a single float sum waits for each addition before the next (the JIT does not
        // reorder float additions), which made this loop about a third slower.
        float sum0 = 0;
        float sum1 = 0;
        float sum2 = 0;
        float sum3 = 0;
        int i = 0;
        for (; i + 3 < dimensions; i += 4) {
            sum0 += query[i] * c[offset + i];
            sum1 += query[i + 1] * c[offset + i + 1];
            sum2 += query[i + 2] * c[offset + i + 2];
            sum3 += query[i + 3] * c[offset + i + 3];
        }
        for (; i < dimensions; i++) {
            sum0 += query[i] * c[offset + i];
        }
        return ((sum0 + sum1) + (sum2 + sum3)) * scales[slot];
    }

    private float similarity(int a, int b) {
        byte[] codesA = codes[a >>> BLOCK_SHIFT];
        byte[] codesB = codes[b >>> BLOCK_SHIFT];
        int offsetA = (a & BLOCK_MASK) * dimensions;
        int offsetB = (b & BLOCK_MASK) * dimensions;
        int sum = 0;
        for (int i = 0; i < dimensions; i++) {
            sum += codesA[offsetA + i] * codesB[offsetB + i];
        }
        return sum * scales[a] * scales[b];
    }

    /**
     * Normalizes to unit length and quantizes into {@code target} from {@code offset}: scale = max |component| / 127,
     * code = round(component / scale); returns the scale.
     */
    private float quantize(float[] embedding, double norm, byte[] target, int offset) {
        double maxAbs = 0;
        for (float x : embedding) {
            maxAbs = Math.max(maxAbs, Math.abs(x / norm));
        }
        double scale = maxAbs / 127;
        for (int i = 0; i < dimensions; i++) {
            target[offset + i] = (byte) Math.max(-127, Math.min(127, Math.round(embedding[i] / norm / scale)));
        }
        return (float) scale;
    }

    private void checkDimensions(String what, float[] vector) {
        if (vector.length != dimensions) {
            throw new IllegalArgumentException("The " + what + " has " + vector.length
                    + " dimensions, but this index holds vectors of " + dimensions);
        }
    }

    private static double norm(String what, float[] vector) {
        double sumOfSquares = 0;
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new IllegalArgumentException(
                        "The " + what + " has a non-finite component at " + i + ": " + vector[i]);
            }
            sumOfSquares += (double) vector[i] * vector[i];
        }
        return Math.sqrt(sumOfSquares);
    }

    private int newSlot() {
        if (used == ids.length) {
            grow(ids.length * 2);
        }
        return used++;
    }

    /** The block that holds the slot's codes, grown (or made) to hold them. */
    private byte[] codesFor(int slot) {
        int index = slot >>> BLOCK_SHIFT;
        if (index == codes.length) {
            codes = Arrays.copyOf(codes, Math.max(4, index * 2));
        }
        byte[] block = codes[index];
        int needed = ((slot & BLOCK_MASK) + 1) * dimensions;
        if (block == null || block.length < needed) {
            int length = Math.max(needed, block == null ? INITIAL_CAPACITY * dimensions : block.length * 2);
            block = Arrays.copyOf(block == null ? new byte[0] : block, Math.min(length, (BLOCK_MASK + 1) * dimensions));
            codes[index] = block;
        }
        return block;
    }

    private void grow(int capacity) {
        scales = Arrays.copyOf(scales, capacity);
        ids = Arrays.copyOf(ids, capacity);
        validTo = Arrays.copyOf(validTo, capacity);
        links0 = Arrays.copyOf(links0, capacity);
        degrees0 = Arrays.copyOf(degrees0, capacity);
        upper = Arrays.copyOf(upper, capacity);
    }

    private void clear(int capacity) {
        codes = new byte[4][];
        scales = new float[0];
        ids = new UUID[0];
        validTo = new long[0];
        links0 = new int[0][];
        degrees0 = new byte[0];
        upper = new int[0][];
        grow(capacity);
        slots.clear();
        used = 0;
        linkedUpTo = 0;
        live = 0;
        entryPoint = -1;
        topLevel = 0;
        random = new SplittableRandom(SEED);
    }

    /**
     * Builds the graph again from the live vectors alone, in their order and from their stored codes, into arrays sized
     * to them: tombstones would otherwise keep costing memory and lengthen every search through them.
     */
    private void rebuild() {
        byte[][] oldCodes = codes;
        float[] oldScales = scales;
        UUID[] oldIds = ids;
        long[] oldValidTo = validTo;
        int oldUsed = used;
        clear(Math.max(INITIAL_CAPACITY, live));
        for (int old = 0; old < oldUsed; old++) {
            if (oldIds[old] == null) {
                continue;
            }
            int slot = used++;
            System.arraycopy(
                    oldCodes[old >>> BLOCK_SHIFT],
                    (old & BLOCK_MASK) * dimensions,
                    codesFor(slot),
                    (slot & BLOCK_MASK) * dimensions,
                    dimensions);
            scales[slot] = oldScales[old];
            ids[slot] = oldIds[old];
            validTo[slot] = oldValidTo[old];
            slots.put(oldIds[old], slot);
            live++;
        }
        linkPending(used);
    }

    private static void sortBestFirst(int[] nodes, float[] similarities, int count) {
        for (int i = 1; i < count; i++) {
            int node = nodes[i];
            float s = similarities[i];
            int j = i - 1;
            while (j >= 0 && better(s, node, similarities[j], nodes[j])) {
                nodes[j + 1] = nodes[j];
                similarities[j + 1] = similarities[j];
                j--;
            }
            nodes[j + 1] = node;
            similarities[j + 1] = s;
        }
    }

    /** Higher similarity first; on equal similarity the lower slot, so that every order is deterministic. */
    private static boolean better(float similarity, int slot, float otherSimilarity, int otherSlot) {
        return similarity > otherSimilarity || (similarity == otherSimilarity && slot < otherSlot);
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** A binary heap of slots by similarity: the best on top (candidates to expand) or the worst (results kept). */
    private static final class Heap {
        private final boolean bestOnTop;
        private int[] nodes;
        private float[] similarities;
        private int size;

        Heap(int capacity, boolean bestOnTop) {
            this.bestOnTop = bestOnTop;
            nodes = new int[Math.max(1, capacity)];
            similarities = new float[nodes.length];
        }

        int topNode() {
            return nodes[0];
        }

        float topSimilarity() {
            return similarities[0];
        }

        void push(int node, float similarity) {
            if (size == nodes.length) {
                nodes = Arrays.copyOf(nodes, size * 2);
                similarities = Arrays.copyOf(similarities, size * 2);
            }
            nodes[size] = node;
            similarities[size] = similarity;
            siftUp(size++);
        }

        /** Keeps the best {@code bound} of a worst-on-top heap. */
        void offer(int node, float similarity, int bound) {
            if (size < bound) {
                push(node, similarity);
            } else if (better(similarity, node, similarities[0], nodes[0])) {
                nodes[0] = node;
                similarities[0] = similarity;
                siftDown(0);
            }
        }

        void pop() {
            size--;
            nodes[0] = nodes[size];
            similarities[0] = similarities[size];
            siftDown(0);
        }

        /** Empties a worst-on-top heap into the arrays, best first. */
        void drainBestFirst(int[] bestFirst, float[] bestSimilarities) {
            for (int i = size - 1; i >= 0; i--) {
                bestFirst[i] = nodes[0];
                bestSimilarities[i] = similarities[0];
                pop();
            }
        }

        private boolean above(int i, int j) {
            return bestOnTop
                    ? better(similarities[i], nodes[i], similarities[j], nodes[j])
                    : better(similarities[j], nodes[j], similarities[i], nodes[i]);
        }

        private void siftUp(int i) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!above(i, parent)) {
                    return;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int left = 2 * i + 1;
                int right = left + 1;
                int top = i;
                if (left < size && above(left, top)) {
                    top = left;
                }
                if (right < size && above(right, top)) {
                    top = right;
                }
                if (top == i) {
                    return;
                }
                swap(i, top);
                i = top;
            }
        }

        private void swap(int a, int b) {
            int node = nodes[a];
            nodes[a] = nodes[b];
            nodes[b] = node;
            float s = similarities[a];
            similarities[a] = similarities[b];
            similarities[b] = s;
        }
    }
}
