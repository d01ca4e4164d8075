package dev.athena.memory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How recall finds and orders memories, under {@code athena.recall}. The defaults were chosen on the conversational
 * development set ({@code docs/eval/conversations-dev.jsonl}) and confirmed on its test set (docs/benchmarks.md), not
 * guessed.
 *
 * @param candidates how many candidates each retriever (vector, full text) contributes before fusion; at least k
 * @param fusion {@code minmax}: each retriever's scores scaled to 0..1 over this query's candidates, then weighted
 *     (independent of any model's score range); {@code weighted}: raw cosine plus full-text scores divided by the best;
 *     {@code rrf}: reciprocal rank fusion
 * @param vectorWeight weight of the vector evidence in the fusion
 * @param textWeight weight of the full-text evidence in the fusion
 * @param rrfK the k constant of reciprocal rank fusion
 * @param textRanking {@code bm25}: Okapi BM25 with the project's document frequencies (kept by the database);
 *     {@code ts_rank_cd}: PostgreSQL's cover density over an any-term query
 * @param bm25K1 BM25 term-frequency saturation
 * @param bm25B BM25 length normalisation
 * @param textCandidateBudget the most full-text matches BM25 scores for one query: terms join the gathering query,
 *     rarest first, while their document frequencies add up to at most this
 * @param recencyWeight weight of recency added after fusion; recency halves every half-life back from the newest
 *     candidate
 * @param recencyHalfLife age at which the recency term halves
 * @param importanceWeight weight of importance (0..1, centred on 0.5) added after fusion
 * @param timeWeight what a memory gains when the query names a time (a date, a month, "last week") and the memory
 *     occurred then; 0 turns the time reading off
 * @param scaleDepth {@code minmax} scales each retriever's scores from its best candidate (1) down to its candidate at
 *     this rank (0); deeper candidates get 0
 * @param contextWeight share of a candidate's fused score that the memory recorded right after it (its reply, in a
 *     conversation stored turn by turn) gains; 0 turns it off
 * @param contextSources how many of the best candidates pass context on to the memory after them
 * @param contextWindow the most time between a memory and the one after it for the two to count as one conversation
 * @param statisticsTtl how long the planner's term statistics (used by {@code ts_rank_cd} gathering) are reused
 * @param efSearchPerCandidate pgvector's {@code hnsw.ef_search} for a vector search, per candidate asked for (at least
 *     40, at most 1000): how much of the graph is explored, so the share of the true nearest neighbours found
 * @param exactSearchBelow a project with fewer active memories than this is searched exactly, every vector compared,
 *     instead of through the HNSW graph that all projects share (whose walk, for a small share of the table, passes
 *     mostly other projects' vectors); 0 never
 */
@ConfigurationProperties(RecallProperties.CONFIG_PREFIX)
public record RecallProperties(
        @DefaultValue("50") int candidates,
        @DefaultValue("minmax") FusionMethod fusion,
        @DefaultValue("0.7") double vectorWeight,
        @DefaultValue("0.3") double textWeight,
        @DefaultValue("60") int rrfK,
        @DefaultValue("bm25") TextRanking textRanking,
        @DefaultValue("1.2") double bm25K1,
        @DefaultValue("0.75") double bm25B,
        @DefaultValue("300") int textCandidateBudget,
        @DefaultValue("0.02") double recencyWeight,
        @DefaultValue("30d") Duration recencyHalfLife,
        @DefaultValue("0.1") double importanceWeight,
        @DefaultValue("0.1") double timeWeight,
        @DefaultValue("20") int scaleDepth,
        @DefaultValue("0.3") double contextWeight,
        @DefaultValue("20") int contextSources,
        @DefaultValue("6h") Duration contextWindow,
        @DefaultValue("30s") Duration statisticsTtl,
        @DefaultValue("2") double efSearchPerCandidate,
        @DefaultValue("2000") int exactSearchBelow) {

    public static final String CONFIG_PREFIX = "athena.recall";
    /** Beyond this an exact search reads and compares more vectors than the HNSW search of any project costs. */
    static final int MAX_EXACT_SEARCH_BELOW = 100_000;

    public RecallProperties {
        if (scaleDepth < 2 || contextSources < 0 || contextWeight < 0 || timeWeight < 0) {
            throw new IllegalArgumentException("athena.recall.scale-depth must be at least 2, and context-sources, "
                    + "context-weight and time-weight must not be negative");
        }
        if (bm25K1 < 0 || bm25B < 0 || bm25B > 1) {
            throw new IllegalArgumentException(
                    "athena.recall.bm25-k1 must not be negative and athena.recall.bm25-b must"
                            + " be between 0 and 1, were " + bm25K1 + " and " + bm25B);
        }
        if (efSearchPerCandidate < 1 || efSearchPerCandidate > 20) {
            throw new IllegalArgumentException(
                    "athena.recall.ef-search-per-candidate must be between 1 and 20, was " + efSearchPerCandidate);
        }
        if (exactSearchBelow < 0 || exactSearchBelow > MAX_EXACT_SEARCH_BELOW) {
            throw new IllegalArgumentException("athena.recall.exact-search-below must be between 0 and "
                    + MAX_EXACT_SEARCH_BELOW + ", was " + exactSearchBelow);
        }
        if (textCandidateBudget < 1) {
            throw new IllegalArgumentException(
                    "athena.recall.text-candidate-budget must be positive, was " + textCandidateBudget);
        }
        if (vectorWeight < 0 || textWeight < 0 || vectorWeight + textWeight <= 0) {
            throw new IllegalArgumentException(
                    "athena.recall.vector-weight and text-weight must be non-negative and not both 0");
        }
    }

    /** The most candidates a vector search looks at, however many are asked for. */
    static final int MAX_EF_SEARCH = 1000;

    /**
     * How many candidates a vector search looks at for {@code limit}: {@code ef-search-per-candidate} times them, never
     * fewer than pgvector's own default (40). pgvector's {@code hnsw.ef_search}, and the beam of the in-process graph's
     * search.
     */
    public int efSearch(int limit) {
        return (int) Math.min(MAX_EF_SEARCH, Math.max(40, Math.ceil(limit * efSearchPerCandidate)));
    }

    /** The same settings with other fusion weights; for evaluation runs and tests. */
    public RecallProperties withFusion(FusionMethod fusion, double vectorWeight, double textWeight) {
        return new RecallProperties(
                candidates,
                fusion,
                vectorWeight,
                textWeight,
                rrfK,
                textRanking,
                bm25K1,
                bm25B,
                textCandidateBudget,
                recencyWeight,
                recencyHalfLife,
                importanceWeight,
                timeWeight,
                scaleDepth,
                contextWeight,
                contextSources,
                contextWindow,
                statisticsTtl,
                efSearchPerCandidate,
                exactSearchBelow);
    }

    /**
     * How the two retrievers' scores are combined; bound leniently ({@code minmax}, {@code MINMAX}), and a value that
     * is none of them stops the start with the list of valid ones.
     */
    public enum FusionMethod {
        MINMAX,
        WEIGHTED,
        RRF
    }

    /** How full-text matches are scored; {@code ts_rank_cd} binds to {@link #TS_RANK_CD}. */
    public enum TextRanking {
        BM25,
        TS_RANK_CD
    }
}
