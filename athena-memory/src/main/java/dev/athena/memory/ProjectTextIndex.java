package dev.athena.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One project's inverted index over its active memories' stemmed terms (the lexemes of {@code content_tsv}), and its
 * BM25 top k: exactly the score of the SQL BM25 ({@link RecallQueries#fullTextBm25}) over the same corpus, but over
 * every match instead of a budget of them, and without reading a row.
 *
 * <p>Not thread-safe: {@link TextIndex} guards it. A memory that leaves is marked dead and its postings stay until dead
 * slots outnumber live ones, when the postings are rebuilt from the live memories.
 */
final class ProjectTextIndex {

    private static final int COMPACT_AFTER_DEAD = 1024;

    private final Map<String, Integer> termIds = new HashMap<>();
    private final List<Postings> postings = new ArrayList<>();
    private final Map<UUID, Integer> slots = new HashMap<>();

    private UUID[] ids = new UUID[64];
    private long[] createdAt = new long[64];
    private long[] validTo = new long[64];
    private int[] lengths = new int[64];
    private int[][] terms = new int[64][];
    private int used;
    private int live;
    private long totalLength;

    /** Adds a memory, or replaces what the index held for it. */
    void put(UUID id, Instant created, Instant validUntil, Map<String, Integer> termFrequencies) {
        remove(id);
        int slot = newSlot();
        ids[slot] = id;
        createdAt[slot] = micros(created);
        validTo[slot] = validUntil == null ? Long.MAX_VALUE : micros(validUntil);
        int[] docTerms = new int[termFrequencies.size()];
        int i = 0;
        for (Map.Entry<String, Integer> term : termFrequencies.entrySet()) {
            int termId = termIds.computeIfAbsent(term.getKey(), t -> {
                postings.add(new Postings());
                return postings.size() - 1;
            });
            docTerms[i] = termId;
            postings.get(termId).add(slot, term.getValue(), termFrequencies.size());
            i++;
        }
        terms[slot] = docTerms;
        // Document length as the SQL BM25 counts it: distinct lexemes (length of the tsvector).
        lengths[slot] = docTerms.length;
        slots.put(id, slot);
        live++;
        totalLength += docTerms.length;
    }

    /** Removes a memory; false when the index did not hold it. */
    boolean remove(UUID id) {
        Integer slot = slots.remove(id);
        if (slot == null) {
            return false;
        }
        for (int termId : terms[slot]) {
            postings.get(termId).documents--;
        }
        ids[slot] = null;
        live--;
        totalLength -= lengths[slot];
        if (used - live > Math.max(COMPACT_AFTER_DEAD, live)) {
            compact();
        }
        return true;
    }

    int size() {
        return live;
    }

    boolean contains(UUID id) {
        return slots.containsKey(id);
    }

    /**
     * The {@code limit} best memories by Okapi BM25 for the query's lexemes, best first (equal scores: newest first),
     * leaving out memories whose validity ended before {@code now}.
     *
     * <p>Exact, but without scoring every match (MaxScore, Turtle and Flood 1995): the query's terms are ordered by the
     * most each can add to a score. Once the {@code limit} best so far score at least {@code threshold}, the terms
     * whose bounds add up to less than that cannot lift a memory into the result alone: they are only looked up (a skip
     * through their sorted postings) for memories the other terms found, and not at all once what they could still add
     * cannot reach the threshold. With common words in a query most of their postings are never read.
     */
    List<TextHit> search(List<String> lexemes, int limit, double k1, double b, Instant now) {
        if (live == 0 || limit <= 0) {
            return List.of();
        }
        double documents = Math.max(live, 1);
        double averageLength = Math.max(totalLength / documents, 1);
        List<QueryTerm> queryTerms = new ArrayList<>();
        for (String lexeme : new LinkedHashSet<>(lexemes)) {
            Integer termId = termIds.get(lexeme);
            if (termId == null || postings.get(termId).documents <= 0) {
                continue;
            }
            Postings p = postings.get(termId);
            double idf = Math.log(1 + (documents - p.documents + 0.5) / (p.documents + 0.5));
            double bound =
                    idf * p.maxFrequency * (k1 + 1) / (p.maxFrequency + k1 * (1 - b + b * p.minLength / averageLength));
            queryTerms.add(new QueryTerm(p, idf, bound));
        }
        if (queryTerms.isEmpty()) {
            return List.of();
        }
        queryTerms.sort((x, y) -> Double.compare(x.bound, y.bound));
        return new Search(queryTerms, k1, b, averageLength, limit, micros(now)).run();
    }

    /**
     * One MaxScore search. The terms' postings, cursors and IDFs sit in parallel arrays, and the memory a cursor stands
     * on is kept apart ({@link #current}), so the loop over every candidate reads no objects; a candidate whose score
     * cannot enter the best k is dropped before its slot's validity and creation time are read.
     */
    private final class Search {
        private final int m;
        private final int[][] slotsOf;
        private final short[][] frequenciesOf;
        private final int[] sizes;
        /** Each term's IDF. */
        private final double[] idfs;

        private final double[] boundsUpTo;
        private final int[] cursors;
        /** The slot each term's cursor stands on; {@link Integer#MAX_VALUE} once its postings are exhausted. */
        private final int[] current;

        private final double k1;
        private final double b;
        private final double averageLength;
        private final long nowMicros;
        private final TopK best;

        Search(List<QueryTerm> terms, double k1, double b, double averageLength, int limit, long nowMicros) {
            m = terms.size();
            slotsOf = new int[m][];
            frequenciesOf = new short[m][];
            sizes = new int[m];
            idfs = new double[m];
            boundsUpTo = new double[m];
            cursors = new int[m];
            current = new int[m];
            double sum = 0;
            for (int i = 0; i < m; i++) {
                QueryTerm t = terms.get(i);
                slotsOf[i] = t.postings.slots;
                frequenciesOf[i] = t.postings.frequencies;
                sizes[i] = t.postings.size;
                idfs[i] = t.idf;
                sum += t.bound;
                boundsUpTo[i] = sum;
                current[i] = sizes[i] > 0 ? slotsOf[i][0] : Integer.MAX_VALUE;
            }
            this.k1 = k1;
            this.b = b;
            this.averageLength = averageLength;
            this.nowMicros = nowMicros;
            this.best = new TopK(limit);
        }

        List<TextHit> run() {
            double threshold = 0;
            int firstEssential = 0;
            while (true) {
                int slot = Integer.MAX_VALUE;
                for (int i = firstEssential; i < m; i++) {
                    slot = Math.min(slot, current[i]);
                }
                if (slot == Integer.MAX_VALUE) {
                    break;
                }
                // The arithmetic of the SQL BM25, in its order, so that the scores are equal to the last bit.
                double norm = k1 * (1 - b + b * lengths[slot] / averageLength);
                double score = 0;
                for (int i = firstEssential; i < m; i++) {
                    if (current[i] == slot) {
                        int f = frequenciesOf[i][cursors[i]];
                        score += idfs[i] * f * (k1 + 1) / (f + norm);
                        int next = ++cursors[i];
                        current[i] = next < sizes[i] ? slotsOf[i][next] : Integer.MAX_VALUE;
                    }
                }
                for (int i = firstEssential - 1; i >= 0 && score + boundsUpTo[i] >= threshold; i--) {
                    int cursor = advance(slotsOf[i], sizes[i], cursors[i], slot);
                    cursors[i] = cursor;
                    if (cursor < sizes[i] && slotsOf[i][cursor] == slot) {
                        int f = frequenciesOf[i][cursor];
                        score += idfs[i] * f * (k1 + 1) / (f + norm);
                    }
                }
                if ((best.isFull() && score < threshold)
                        || ids[slot] == null
                        || validTo[slot] <= nowMicros
                        || !best.offer(slot, score, createdAt[slot])) {
                    continue;
                }
                if (best.isFull()) {
                    threshold = best.lowestScore();
                    while (firstEssential < m && boundsUpTo[firstEssential] < threshold) {
                        firstEssential++;
                    }
                }
            }
            return best.bestFirst(ids);
        }
    }

    /** A query term before the search: its postings, its IDF and the most it can add to a score. */
    private record QueryTerm(Postings postings, double idf, double bound) {}

    /**
     * The first position at or after {@code from} in {@code slots} (sorted, {@code size} used) whose slot is at least
     * {@code slot}: a galloping search.
     */
    static int advance(int[] slots, int size, int from, int slot) {
        if (from >= size || slots[from] >= slot) {
            return from;
        }
        int low = from;
        int step = 1;
        int high = from + step;
        while (high < size && slots[high] < slot) {
            low = high;
            step *= 2;
            high = from + step;
        }
        high = Math.min(high, size);
        // slots[low] < slot, and slots[high] >= slot or high == size.
        while (high - low > 1) {
            int middle = (low + high) >>> 1;
            if (slots[middle] < slot) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return high;
    }

    private int newSlot() {
        if (used == ids.length) {
            int capacity = ids.length * 2;
            ids = Arrays.copyOf(ids, capacity);
            createdAt = Arrays.copyOf(createdAt, capacity);
            validTo = Arrays.copyOf(validTo, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
            terms = Arrays.copyOf(terms, capacity);
        }
        return used++;
    }

    /**
     * Drops the dead slots: every live memory moves down (keeping its order), and each term's postings keep their live
     * entries, renumbered, trimmed to size.
     */
    private void compact() {
        int[] moved = new int[used];
        int next = 0;
        for (int slot = 0; slot < used; slot++) {
            if (ids[slot] == null) {
                moved[slot] = -1;
                continue;
            }
            moved[slot] = next;
            ids[next] = ids[slot];
            createdAt[next] = createdAt[slot];
            validTo[next] = validTo[slot];
            lengths[next] = lengths[slot];
            terms[next] = terms[slot];
            slots.put(ids[next], next);
            next++;
        }
        for (int slot = next; slot < used; slot++) {
            ids[slot] = null;
            terms[slot] = null;
        }
        used = next;
        for (Postings p : postings) {
            p.keepLive(moved, lengths);
        }
    }

    /** Gives back the room the postings grew into; after a load, when they stop growing for a while. */
    void trim() {
        for (Postings p : postings) {
            p.trim();
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** One term's memories (slots, dead ones included until compaction) and how many live ones contain it. */
    private static final class Postings {
        private int[] slots = new int[4];
        /** Term frequencies; PostgreSQL keeps at most 256 positions of a lexeme, so a short holds them. */
        private short[] frequencies = new short[4];

        private int size;
        private int documents;
        /** The highest term frequency and the shortest memory ever added: bounds of what the term can score. */
        private int maxFrequency;

        private int minLength = Integer.MAX_VALUE;

        void add(int slot, int frequency, int length) {
            maxFrequency = Math.max(maxFrequency, frequency);
            minLength = Math.min(minLength, length);
            if (size == slots.length) {
                slots = Arrays.copyOf(slots, size * 2);
                frequencies = Arrays.copyOf(frequencies, size * 2);
            }
            slots[size] = slot;
            frequencies[size] = (short) Math.min(frequency, Short.MAX_VALUE);
            size++;
            documents++;
        }

        /** Keeps the entries of live memories, renumbered by {@code moved} (-1: dead), and trims to size. */
        void keepLive(int[] moved, int[] lengths) {
            int kept = 0;
            maxFrequency = 0;
            minLength = Integer.MAX_VALUE;
            for (int i = 0; i < size; i++) {
                int slot = moved[slots[i]];
                if (slot < 0) {
                    continue;
                }
                slots[kept] = slot;
                frequencies[kept] = frequencies[i];
                maxFrequency = Math.max(maxFrequency, frequencies[i]);
                minLength = Math.min(minLength, lengths[slot]);
                kept++;
            }
            size = kept;
            documents = kept;
            trim();
        }

        void trim() {
            slots = Arrays.copyOf(slots, Math.max(size, 1));
            frequencies = Arrays.copyOf(frequencies, Math.max(size, 1));
        }
    }

    /** The best {@code limit} slots: a bounded min-heap on (score, creation time). */
    private static final class TopK {
        private final int[] heap;
        private final double[] heapScores;
        private final long[] heapCreated;
        private int size;

        TopK(int limit) {
            heap = new int[limit];
            heapScores = new double[limit];
            heapCreated = new long[limit];
        }

        /** Whether the slot joined the best. */
        boolean offer(int slot, double score, long created) {
            if (size < heap.length) {
                heap[size] = slot;
                heapScores[size] = score;
                heapCreated[size] = created;
                siftUp(size++);
                return true;
            }
            if (better(score, created, heapScores[0], heapCreated[0])) {
                heap[0] = slot;
                heapScores[0] = score;
                heapCreated[0] = created;
                siftDown(0);
                return true;
            }
            return false;
        }

        boolean isFull() {
            return size == heap.length;
        }

        double lowestScore() {
            return heapScores[0];
        }

        /** Empties the heap into hits, best first. */
        List<TextHit> bestFirst(UUID[] ids) {
            TextHit[] hits = new TextHit[size];
            for (int i = size - 1; i >= 0; i--) {
                hits[i] = new TextHit(ids[heap[0]], heapScores[0]);
                swap(0, size - 1);
                size--;
                siftDown(0);
            }
            return Arrays.asList(hits);
        }

        private static boolean better(double score, long created, double otherScore, long otherCreated) {
            return score > otherScore || (score == otherScore && created > otherCreated);
        }

        private void siftUp(int i) {
            while (i > 0) {
                int parent = (i - 1) / 2;
                if (!better(heapScores[parent], heapCreated[parent], heapScores[i], heapCreated[i])) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int left = 2 * i + 1;
                int right = left + 1;
                int worst = i;
                if (left < size && better(heapScores[worst], heapCreated[worst], heapScores[left], heapCreated[left])) {
                    worst = left;
                }
                if (right < size
                        && better(heapScores[worst], heapCreated[worst], heapScores[right], heapCreated[right])) {
                    worst = right;
                }
                if (worst == i) {
                    return;
                }
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int a, int b) {
            int slot = heap[a];
            heap[a] = heap[b];
            heap[b] = slot;
            double score = heapScores[a];
            heapScores[a] = heapScores[b];
            heapScores[b] = score;
            long created = heapCreated[a];
            heapCreated[a] = heapCreated[b];
            heapCreated[b] = created;
        }
    }
}
