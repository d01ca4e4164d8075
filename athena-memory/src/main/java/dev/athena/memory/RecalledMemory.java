package dev.athena.memory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One recall result.
 *
 * @param metadata the client's own keys stored with the memory
 * @param score relevance, higher is better; results are ordered by it
 * @param explanation the terms of the score, when the request asked for them; otherwise {@code null}
 */
public record RecalledMemory(
        UUID id,
        String content,
        MemoryType memoryType,
        List<String> tags,
        Map<String, Object> metadata,
        double importance,
        Instant occurredAt,
        Instant createdAt,
        double score,
        ScoreExplanation explanation) {

    /**
     * How a score came about. Ranks are 1-based; a null rank means the retriever did not return the memory.
     *
     * @param vectorRank position among the vector candidates
     * @param vectorSimilarity cosine similarity to the query (also for a full-text candidate the vector search did not
     *     return)
     * @param vectorTerm the vector evidence as fusion weighs it (0..1 scaled over this query's candidates, or the
     *     reciprocal rank for {@code rrf}); null without vector evidence
     * @param textRank position among the full-text candidates
     * @param textScore the full-text ranking score (BM25 or ts_rank_cd)
     * @param textTerm the full-text evidence as fusion weighs it; null without full-text evidence
     * @param fusedScore the fusion of both, before re-ranking
     * @param contextTerm what the memory gained from the turn recorded just before it in the same conversation
     * @param recencyTerm what recency added
     * @param importanceTerm what importance added
     * @param timeTerm what the memory gained for having occurred in the time the query names ("in May 2023")
     */
    public record ScoreExplanation(
            Integer vectorRank,
            Double vectorSimilarity,
            Double vectorTerm,
            Integer textRank,
            Double textScore,
            Double textTerm,
            double fusedScore,
            double contextTerm,
            double recencyTerm,
            double importanceTerm,
            double timeTerm) {}
}
