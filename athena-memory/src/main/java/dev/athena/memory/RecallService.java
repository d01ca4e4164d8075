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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.memory.RecallStore.Candidate;
import dev.athena.memory.RecallStore.CorpusStatistics;
import dev.athena.memory.RecalledMemory.ScoreExplanation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Hybrid recall: vector candidates and full-text candidates, fused, then re-ranked with recency and importance.
 *
 * <p>Keyword evidence matters: on conversational memories a small embedding model alone misses names, numbers and
 * identifiers that full text finds, while full text misses paraphrases. When the embedder is unavailable recall
 * answers from full text alone and says so ({@code degraded}).
 */
@Service
public class RecallService {

    private static final Logger log = LoggerFactory.getLogger(RecallService.class);
    static final int MAX_QUERY_CHARS = 4096;
    /** Every full-text match is ranked while the statistics foresee at most this many per candidate asked for. */
    static final int RANK_ALL_MATCHES_PER_CANDIDATE = 20;

    private final RecallStore store;
    private final EmbeddingClient embeddings;
    private final RecallProperties settings;
    private final MemoryProperties memoryProperties;
    private final AccessRecorder accessRecorder;
    private final Clock clock;
    private final Map<String, CachedStatistics> statistics = new ConcurrentHashMap<>();

    private volatile CachedTermStatistics termStatistics;

    private record CachedStatistics(CorpusStatistics value, Instant expires) {
    }

    private record CachedTermStatistics(TermStatistics value, Instant expires) {
    }

    RecallService(RecallStore store, EmbeddingClient embeddings, RecallProperties settings, MemoryProperties memoryProperties,
                  AccessRecorder accessRecorder, Clock clock) {
        this.store = store;
        this.embeddings = embeddings;
        this.settings = settings;
        this.memoryProperties = memoryProperties;
        this.accessRecorder = accessRecorder;
        this.clock = clock;
    }

    public RecallResult recall(RecallRequest request) {
        validate(request);
        String project = Projects.resolve(request.project(), memoryProperties.defaultProject());
        int pool = Math.max(settings.candidates(), request.k());
        boolean wantsVector = request.mode() != RecallMode.TEXT;
        Optional<float[]> queryVector = wantsVector ? embedQuery(request.query()) : Optional.empty();
        boolean degraded = wantsVector && queryVector.isEmpty();
        boolean useText = request.mode() != RecallMode.VECTOR || degraded;

        List<Candidate> vector = queryVector.map(v -> store.nearest(project, v, request.filters(), pool)).orElse(List.of());
        List<Candidate> text = useText ? textCandidates(project, request, pool) : List.of();
        List<RecalledMemory> ranked = fuseAndRank(vector, text, request);
        accessRecorder.recordAccess(ranked.stream().map(RecalledMemory::id).toList());
        return new RecallResult(ranked, degraded);
    }

    private List<RecalledMemory> fuseAndRank(List<Candidate> vector, List<Candidate> text, RecallRequest request) {
        Map<UUID, Evidence> evidence = new LinkedHashMap<>();
        for (int i = 0; i < vector.size(); i++) {
            evidence.computeIfAbsent(vector.get(i).id(), id -> new Evidence()).vector(vector.get(i), i + 1);
        }
        double maxText = text.stream().mapToDouble(Candidate::score).max().orElse(0);
        for (int i = 0; i < text.size(); i++) {
            evidence.computeIfAbsent(text.get(i).id(), id -> new Evidence()).text(text.get(i), i + 1);
        }
        boolean bothRetrievers = !vector.isEmpty() && !text.isEmpty();
        // Recency is measured from the newest candidate, not from now: what matters is which of the memories on the
        // topic is the latest, also for conversations imported months after they happened.
        Instant now = evidence.values().stream().map(e -> e.candidate().occurredAt()).max(Comparator.naturalOrder()).orElse(clock.instant());
        List<RecalledMemory> results = new ArrayList<>(evidence.size());
        for (Evidence e : evidence.values()) {
            double fused = fuse(e, maxText, bothRetrievers);
            double recency = request.rerank() ? settings.recencyWeight() * recency(e.candidate().occurredAt(), now) : 0;
            double importance = request.rerank() ? settings.importanceWeight() * (e.candidate().importance() - 0.5) : 0;
            double score = fused + recency + importance;
            if (request.minScore() != null && score < request.minScore()) {
                continue;
            }
            ScoreExplanation explanation = request.explain()
                    ? new ScoreExplanation(e.vectorRank, e.vectorSimilarity, e.textRank, e.textScore, fused, recency, importance)
                    : null;
            Candidate c = e.candidate();
            results.add(new RecalledMemory(c.id(), c.content(), c.memoryType(), c.tags(), c.importance(), c.occurredAt(),
                    c.createdAt(), score, explanation));
        }
        results.sort(Comparator.comparingDouble(RecalledMemory::score).reversed().thenComparing(RecalledMemory::createdAt, Comparator.reverseOrder()));
        return results.size() > request.k() ? List.copyOf(results.subList(0, request.k())) : results;
    }

    /** Fused relevance in 0..1 (weighted scores or reciprocal ranks); a single retriever's evidence stands alone. */
    private double fuse(Evidence e, double maxText, boolean bothRetrievers) {
        double textNormalised = e.textScore == null || maxText <= 0 ? 0 : e.textScore / maxText;
        double vectorSimilarity = e.vectorSimilarity == null ? 0 : Math.max(0, e.vectorSimilarity);
        if (!bothRetrievers) {
            return e.vectorSimilarity != null ? vectorSimilarity : textNormalised;
        }
        if ("rrf".equals(settings.fusion())) {
            double v = e.vectorRank == null ? 0 : settings.vectorWeight() / (settings.rrfK() + e.vectorRank);
            double t = e.textRank == null ? 0 : settings.textWeight() / (settings.rrfK() + e.textRank);
            // Scaled so that first in both lists is 1: the re-ranking terms then weigh the same in both fusions.
            return (v + t) * (settings.rrfK() + 1) / (settings.vectorWeight() + settings.textWeight());
        }
        double total = settings.vectorWeight() + settings.textWeight();
        return (settings.vectorWeight() * vectorSimilarity + settings.textWeight() * textNormalised) / total;
    }

    private double recency(Instant occurredAt, Instant now) {
        double ageDays = Math.max(0, Duration.between(occurredAt, now).toMillis() / 86_400_000.0);
        double halfLifeDays = Math.max(settings.recencyHalfLife().toMillis() / 86_400_000.0, 1e-6);
        return Math.pow(0.5, ageDays / halfLifeDays);
    }

    /**
     * Ranks every full-text match when the planner's statistics foresee few enough of them (or foresee nothing), and
     * otherwise only the memories sharing the most of the query's rarest terms ({@link TermTiers}).
     */
    private List<Candidate> textCandidates(String project, RecallRequest request, int pool) {
        if ("bm25".equals(settings.textRanking())) {
            return store.fullTextBm25(project, request.query(), request.filters(), pool, settings, statistics(project));
        }
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

    private CorpusStatistics statistics(String project) {
        Instant now = clock.instant();
        CachedStatistics cached = statistics.get(project);
        if (cached == null || cached.expires().isBefore(now)) {
            cached = new CachedStatistics(store.statistics(project), now.plus(settings.statisticsTtl()));
            statistics.put(project, cached);
        }
        return cached.value();
    }

    private Optional<float[]> embedQuery(String query) {
        try {
            return Optional.ofNullable(embeddings.embed(query, EmbeddingPurpose.QUERY).block(memoryProperties.embedTimeout()));
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
        if (request.minScore() != null && (request.minScore().isNaN() || request.minScore().isInfinite())) {
            throw new MemoryValidationException("min_score", "must be a finite number");
        }
        RecallFilters filters = request.filters();
        RememberValidator.tags(filters.tagsAny(), "tags");
        RememberValidator.tags(filters.tagsAll(), "tags_all");
        if (filters.occurredAfter() != null && filters.occurredBefore() != null && filters.occurredAfter().isAfter(filters.occurredBefore())) {
            throw new MemoryValidationException("occurred_after", "must not be after occurred_before");
        }
    }

    /** What the two retrievers said about one memory. */
    private static final class Evidence {
        private Candidate candidate;
        private Integer vectorRank;
        private Double vectorSimilarity;
        private Integer textRank;
        private Double textScore;

        void vector(Candidate c, int rank) {
            candidate = c;
            vectorRank = rank;
            vectorSimilarity = c.score();
        }

        void text(Candidate c, int rank) {
            candidate = candidate == null ? c : candidate;
            textRank = rank;
            textScore = c.score();
        }

        Candidate candidate() {
            return candidate;
        }
    }
}
