package dev.athena.memory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One recall result.
 *
 * @param score       relevance, higher is better; results are ordered by it
 * @param explanation the terms of the score, when the request asked for them; otherwise {@code null}
 */
public record RecalledMemory(
        UUID id,
        String content,
        MemoryType memoryType,
        List<String> tags,
        double importance,
        Instant occurredAt,
        Instant createdAt,
        double score,
        ScoreExplanation explanation) {

    /**
     * How a score came about. Ranks are 1-based; a null rank means the retriever did not return the memory.
     *
     * @param vectorRank       position among the vector candidates
     * @param vectorSimilarity cosine similarity to the query
     * @param textRank         position among the full-text candidates
     * @param textScore        the full-text ranking score (BM25 or ts_rank_cd)
     * @param fusedScore       the fusion of both, before re-ranking
     * @param recencyTerm      what recency added
     * @param importanceTerm   what importance added
     */
    public record ScoreExplanation(Integer vectorRank, Double vectorSimilarity, Integer textRank, Double textScore,
                                   double fusedScore, double recencyTerm, double importanceTerm) {
    }
}
