package dev.athena.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.memory.RecallQueries.Candidate;
import dev.athena.memory.RecallQueries.Retrieval;
import dev.athena.memory.RecallQueries.VectorSearch;
import dev.athena.memory.RecalledMemory.ScoreExplanation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Hybrid recall: vector candidates and full-text candidates, fused, then re-ranked with recency and importance.
 *
 * <p>Keyword evidence matters: on conversational memories a small embedding model alone misses names, numbers and
 * identifiers that full text finds, while full text misses paraphrases. When the embedder is unavailable recall answers
 * from full text alone and says so ({@code degraded}).
 */
@Service
public class RecallService {

    private static final Logger log = LoggerFactory.getLogger(RecallService.class);
    private static final int MAX_QUERY_CHARS = RecallRequest.MAX_QUERY_CHARS;
    /** Every full-text match is ranked while the statistics foresee at most this many per candidate asked for. */
    static final int RANK_ALL_MATCHES_PER_CANDIDATE = 20;

    private final RecallQueries store;
    private final EmbeddingClient embeddings;
    private final RecallProperties settings;
    private final MemoryProperties memoryProperties;
    private final AccessRecorder accessRecorder;
    private final InProcessBm25 inProcessBm25;
    private final Clock clock;

    private volatile CachedTermStatistics termStatistics;

    private record CachedTermStatistics(TermStatistics value, Instant expires) {}

    RecallService(
            RecallQueries store,
            EmbeddingClient embeddings,
            RecallProperties settings,
            MemoryProperties memoryProperties,
            AccessRecorder accessRecorder,
            InProcessBm25 inProcessBm25,
            Clock clock) {
        this.store = store;
        this.embeddings = embeddings;
        this.settings = settings;
        this.memoryProperties = memoryProperties;
        this.accessRecorder = accessRecorder;
        this.inProcessBm25 = inProcessBm25;
        this.clock = clock;
    }

    public RecallResult recall(RecallRequest request) {
        validate(request);
        String project = memoryProperties.resolveProject(request.project());
        int pool = Math.max(settings.candidates(), request.k());
        boolean wantsVector = request.mode() != RecallMode.TEXT;
        Optional<float[]> queryVector = wantsVector ? embedQuery(request.query()) : Optional.empty();
        boolean degraded = wantsVector && queryVector.isEmpty();
        boolean useText = request.mode() != RecallMode.VECTOR || degraded;

        VectorSearch search = vectorSearch(project, request.filters());
        Retrieval retrieval = retrieve(project, request, queryVector.orElse(null), useText, pool, search);
        List<Candidate> vector = retrieval.nearest();
        List<Candidate> text = retrieval.text();
        Optional<QueryTime> time = namedTime(request);
        // The nearest memories of the time the query names, which the unfiltered search may have ranked too low to
        // return.
        List<Candidate> ofTheTime = time.flatMap(t -> queryVector.map(v -> store.nearest(
                        project, v, request.filters().occurredWithin(t.from(), t.until()), request.k(), search)))
                .orElse(List.of());
        List<RecalledMemory> ranked =
                fuseAndRank(project, queryVector.orElse(null), vector, text, ofTheTime, time, request);
        accessRecorder.recordAccess(ranked.stream().map(RecalledMemory::id).toList());
        return new RecallResult(ranked, degraded);
    }

    /**
     * The time the query names, unless the caller filtered by time already or the time reading is off. Relative phrases
     * ("last week") are read against now, or against the moment the recall is as of.
     */
    private Optional<QueryTime> namedTime(RecallRequest request) {
        RecallFilters filters = request.filters();
        if (settings.timeWeight() <= 0 || filters.occurredAfter() != null || filters.occurredBefore() != null) {
            return Optional.empty();
        }
        Instant reference = filters.asOf() == null ? clock.instant() : filters.asOf();
        return QueryTime.read(request.query(), reference);
    }

    private List<RecalledMemory> fuseAndRank(
            String project,
            float[] queryVector,
            List<Candidate> vector,
            List<Candidate> text,
            List<Candidate> ofTheTime,
            Optional<QueryTime> time,
            RecallRequest request) {
        Map<UUID, Evidence> evidence = new LinkedHashMap<>();
        for (int i = 0; i < vector.size(); i++) {
            evidence.computeIfAbsent(vector.get(i).id(), id -> new Evidence()).vector(vector.get(i), i + 1);
        }
        for (int i = 0; i < text.size(); i++) {
            evidence.computeIfAbsent(text.get(i).id(), id -> new Evidence()).text(text.get(i), i + 1);
        }
        for (Candidate c : ofTheTime) {
            evidence.computeIfAbsent(c.id(), id -> new Evidence()).similarity(c);
        }
        Fusion fusion = Fusion.of(settings, vector, text);
        evidence.values()
                .forEach(e -> e.terms = fusion.terms(e.vectorRank, e.vectorSimilarity, e.textRank, e.textScore));
        addConversationContext(project, queryVector, evidence, fusion, request);
        // Recency is measured from the newest candidate, not from now: what matters is which of the memories on the
        // topic is the latest, also for conversations imported months after they happened.
        Instant now = evidence.values().stream()
                .map(e -> e.candidate().occurredAt())
                .max(Comparator.naturalOrder())
                .orElse(clock.instant());
        List<Ranked> results = new ArrayList<>(evidence.size());
        for (Evidence e : evidence.values()) {
            double recency = request.rerank()
                    ? settings.recencyWeight() * recency(e.candidate().occurredAt(), now)
                    : 0;
            double importance = request.rerank()
                    ? settings.importanceWeight() * (e.candidate().importance() - 0.5)
                    : 0;
            double timeTerm = time.filter(t -> t.contains(e.candidate().occurredAt()))
                    .map(t -> settings.timeWeight())
                    .orElse(0.0);
            double score = e.terms.fused() + e.contextTerm + recency + importance + timeTerm;
            if (request.minScore() != null && score < request.minScore()) {
                continue;
            }
            ScoreExplanation explanation = request.explain()
                    ? new ScoreExplanation(
                            e.vectorRank,
                            e.vectorSimilarity,
                            e.terms.vector(),
                            e.textRank,
                            e.textScore,
                            e.terms.text(),
                            e.terms.fused(),
                            e.contextTerm,
                            recency,
                            importance,
                            timeTerm)
                    : null;
            results.add(new Ranked(e.candidate(), score, explanation));
        }
        results.sort(Comparator.comparingDouble(Ranked::score)
                .reversed()
                .thenComparing(r -> r.candidate().createdAt(), Comparator.reverseOrder()));
        return results.stream().limit(request.k()).map(Ranked::toRecalledMemory).toList();
    }

    /** A candidate with its final score, before it becomes a result (only the best k do). */
    private record Ranked(Candidate candidate, double score, ScoreExplanation explanation) {
        RecalledMemory toRecalledMemory() {
            Candidate c = candidate;
            return new RecalledMemory(
                    c.id(),
                    c.content(),
                    c.memoryType(),
                    c.tags(),
                    c.metadata(),
                    c.importance(),
                    c.occurredAt(),
                    c.createdAt(),
                    score,
                    explanation);
        }
    }

    /**
     * A reply often answers what the turn before it said: "How many stars did she give you?" / "Two and a half out of
     * four." The reply shares no words with a question about the stars, so neither retriever finds it, while the turn
     * before it ranks high. The memory recorded right after each of the best candidates (same project, occurred within
     * {@code context-window} of it) gains {@code context-weight} times that candidate's fused score; a memory no
     * retriever returned joins the candidates with its own cosine similarity.
     */
    private void addConversationContext(
            String project, float[] queryVector, Map<UUID, Evidence> evidence, Fusion fusion, RecallRequest request) {
        // Only hybrid recall: a caller asking one retriever alone (mode vector or text) gets that retriever's answer.
        if (settings.contextWeight() <= 0 || evidence.isEmpty() || request.mode() != RecallMode.HYBRID) {
            return;
        }
        List<Evidence> best = evidence.values().stream()
                .sorted(Comparator.comparingDouble((Evidence e) -> e.terms.fused())
                        .reversed())
                .limit(settings.contextSources())
                .toList();
        Map<UUID, Candidate> successors = store.successors(
                project,
                best.stream().map(e -> e.candidate().id()).toList(),
                queryVector,
                request.filters(),
                settings.contextWindow());
        for (Evidence source : best) {
            Candidate next = successors.get(source.candidate().id());
            if (next == null) {
                continue;
            }
            Evidence reply = evidence.computeIfAbsent(next.id(), id -> {
                Evidence joined = new Evidence();
                joined.candidate = next;
                joined.vectorSimilarity = next.vectorSimilarity();
                joined.terms = fusion.terms(null, joined.vectorSimilarity, null, null);
                return joined;
            });
            reply.contextTerm = Math.max(reply.contextTerm, settings.contextWeight() * source.terms.fused());
        }
    }

    private double recency(Instant occurredAt, Instant now) {
        double ageDays = Math.max(0, Duration.between(occurredAt, now).toMillis() / 86_400_000.0);
        double halfLifeDays = Math.max(settings.recencyHalfLife().toMillis() / 86_400_000.0, 1e-6);
        return Math.pow(0.5, ageDays / halfLifeDays);
    }

    /**
     * {@link VectorSearch#EXACT} for a project with fewer active memories than {@code exact-search-below}, as the
     * in-process index counts them; otherwise (a large project, superseded or past memories asked for too, or no index
     * to count with) the HNSW graph.
     */
    private VectorSearch vectorSearch(String project, RecallFilters filters) {
        if (filters.includeSuperseded() || filters.asOf() != null) {
            return VectorSearch.GRAPH;
        }
        OptionalInt active = inProcessBm25.activeMemories(project);
        return active.isPresent() && active.getAsInt() < settings.exactSearchBelow()
                ? VectorSearch.EXACT
                : VectorSearch.GRAPH;
    }

    /**
     * Both retrievers' candidates. With BM25 (the default) the full-text candidates come from the in-process index when
     * it is loaded and the filters ask for nothing it does not hold ({@link InProcessBm25}), then one round trip
     * fetches them with the nearest neighbours; otherwise both come from one round trip to the database. With
     * {@code athena.recall.text-index.vectors}, when the project is searched through a graph, the in-process index's
     * own HNSW graph gives the nearest neighbours too, and that round trip only fetches both retrievers' rows by id:
     * pgvector's graph walk is about half of the database's CPU per recall. With {@code ts_rank_cd} the full-text
     * candidates are a second query ({@link #coverDensityCandidates}).
     */
    private Retrieval retrieve(
            String project,
            RecallRequest request,
            float[] queryVector,
            boolean useText,
            int pool,
            VectorSearch search) {
        boolean bm25 = settings.textRanking() == RecallProperties.TextRanking.BM25;
        if (queryVector != null
                && search == VectorSearch.GRAPH
                && (!useText || bm25)
                && request.filters().onlyActiveNow()) {
            Optional<InProcessBm25.Hits> hits = inProcessBm25.search(
                    project, useText ? request.query() : null, queryVector, pool, pool, settings.efSearch(pool));
            if (hits.isPresent()) {
                return store.retrieve(
                        project, queryVector, hits.get().nearest(), hits.get().text(), request.filters());
            }
        }
        if (useText && bm25 && request.filters().onlyActiveNow()) {
            Optional<List<TextHit>> hits = inProcessBm25.search(project, request.query(), pool);
            if (hits.isPresent()) {
                return store.retrieve(project, queryVector, hits.get(), request.filters(), pool, search);
            }
        }
        String bm25Query = useText && bm25 ? request.query() : null;
        Retrieval retrieval = queryVector == null && bm25Query == null
                ? Retrieval.NONE
                : store.retrieve(
                        project,
                        queryVector,
                        bm25Query,
                        request.filters(),
                        pool,
                        Math.max(settings.textCandidateBudget(), pool),
                        settings,
                        search);
        if (useText && !bm25) {
            return new Retrieval(retrieval.nearest(), coverDensityCandidates(project, request, pool));
        }
        return retrieval;
    }

    /**
     * Full-text candidates by {@code ts_rank_cd}: every full-text match when the planner's statistics foresee few
     * enough of them (or foresee nothing), and otherwise only the memories sharing the most of the query's rarest terms
     * ({@link TermTiers}).
     */
    private List<Candidate> coverDensityCandidates(String project, RecallRequest request, int pool) {
        List<String> lexemes = store.lexemes(request.query());
        if (lexemes.isEmpty()) {
            return List.of();
        }
        TermStatistics terms = termStatistics();
        if (!terms.known() || terms.estimatedMatches(lexemes) <= (double) pool * RANK_ALL_MATCHES_PER_CANDIDATE) {
            return store.fullText(project, request.query(), request.filters(), pool);
        }
        return store.fullTextByTiers(project, request.query(), TermTiers.of(lexemes, terms), request.filters(), pool);
    }

    private TermStatistics termStatistics() {
        Instant now = clock.instant();
        CachedTermStatistics cached = termStatistics;
        if (cached == null || cached.expires().isBefore(now)) {
            cached = new CachedTermStatistics(store.termStatistics(), now.plus(settings.statisticsTtl()));
            termStatistics = cached;
        }
        return cached.value();
    }

    private Optional<float[]> embedQuery(String query) {
        try {
            return Optional.ofNullable(
                    embeddings.embed(query, EmbeddingPurpose.QUERY).block(memoryProperties.embedTimeout()));
        } catch (RuntimeException e) {
            log.warn("query embedding unavailable, recalling from full text only: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static void validate(RecallRequest request) {
        String query = request.query();
        if (query == null || query.isBlank()) {
            throw new MemoryValidationException("query", "must not be empty");
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw new MemoryValidationException("query", "must be at most " + MAX_QUERY_CHARS + " characters");
        }
        if (query.indexOf('\u0000') >= 0) {
            throw new MemoryValidationException("query", "must not contain NUL characters");
        }
        if (request.k() < 1 || request.k() > RecallRequest.MAX_K) {
            throw new MemoryValidationException("k", "must be between 1 and " + RecallRequest.MAX_K);
        }
        if (request.minScore() != null
                && (request.minScore().isNaN() || request.minScore().isInfinite())) {
            throw new MemoryValidationException("min_score", "must be a finite number");
        }
        RecallFilters filters = request.filters();
        RememberValidator.tags(filters.tagsAny(), "tags");
        RememberValidator.tags(filters.tagsAll(), "tags_all");
        if (filters.occurredAfter() != null
                && filters.occurredBefore() != null
                && filters.occurredAfter().isAfter(filters.occurredBefore())) {
            throw new MemoryValidationException("occurred_after", "must not be after occurred_before");
        }
        if (filters.asOf() != null && filters.includeSuperseded()) {
            throw new MemoryValidationException(
                    "include_superseded",
                    "cannot be combined with as_of, which already includes the memories superseded since");
        }
    }

    /** What the two retrievers said about one memory. */
    private static final class Evidence {
        private Candidate candidate;
        private Integer vectorRank;
        private Double vectorSimilarity;
        private Integer textRank;
        private Double textScore;
        private Fusion.Terms terms;
        private double contextTerm;

        void vector(Candidate c, int rank) {
            candidate = c;
            vectorRank = rank;
            vectorSimilarity = c.score();
        }

        void text(Candidate c, int rank) {
            candidate = candidate == null ? c : candidate;
            textRank = rank;
            textScore = c.score();
            if (vectorSimilarity == null) {
                vectorSimilarity = c.vectorSimilarity();
            }
        }

        /** A memory known only by its cosine similarity (found by the search within the time the query names). */
        void similarity(Candidate c) {
            candidate = candidate == null ? c : candidate;
            if (vectorSimilarity == null) {
                vectorSimilarity = c.score();
            }
        }

        Candidate candidate() {
            return candidate;
        }
    }
}
