package dev.athena.memory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How recall finds and orders memories, under {@code athena.recall}. The defaults were chosen by measurement on the
 * retrieval fixture ({@code docs/eval/agent-memory.jsonl}, see docs/benchmarks.md), not guessed.
 *
 * @param candidates       how many candidates each retriever (vector, full text) contributes before fusion; at least k
 * @param fusion           {@code weighted}: weighted sum of scores normalised to 0..1; {@code rrf}: reciprocal rank fusion
 * @param vectorWeight     weight of the vector evidence in the fusion
 * @param textWeight       weight of the full-text evidence in the fusion
 * @param rrfK             the k constant of reciprocal rank fusion
 * @param textRanking      {@code ts_rank_cd}: PostgreSQL's cover density over an any-term query (the default: it measured
 *                         better than BM25 on conversational memories); {@code bm25}: Okapi BM25 from the tsvectors' own
 *                         term and document frequencies
 * @param bm25K1           BM25 term-frequency saturation
 * @param bm25B            BM25 length normalisation
 * @param recencyWeight    weight of recency added after fusion; recency halves every half-life back from the newest candidate
 * @param recencyHalfLife  age at which the recency term halves
 * @param importanceWeight weight of importance (0..1, centred on 0.5) added after fusion
 * @param statisticsTtl    how long a project's corpus statistics (document count, average length) are reused
 */
@ConfigurationProperties(RecallProperties.CONFIG_PREFIX)
public record RecallProperties(
        @DefaultValue("50") int candidates,
        @DefaultValue("weighted") String fusion,
        @DefaultValue("0.6") double vectorWeight,
        @DefaultValue("0.4") double textWeight,
        @DefaultValue("60") int rrfK,
        @DefaultValue("ts_rank_cd") String textRanking,
        @DefaultValue("1.2") double bm25K1,
        @DefaultValue("0.75") double bm25B,
        @DefaultValue("0.02") double recencyWeight,
        @DefaultValue("30d") Duration recencyHalfLife,
        @DefaultValue("0.1") double importanceWeight,
        @DefaultValue("30s") Duration statisticsTtl) {

    public static final String CONFIG_PREFIX = "athena.recall";

    public RecallProperties {
        if (!"weighted".equals(fusion) && !"rrf".equals(fusion)) {
            throw new IllegalArgumentException("athena.recall.fusion must be 'weighted' or 'rrf', was '" + fusion + "'");
        }
        if (!"bm25".equals(textRanking) && !"ts_rank_cd".equals(textRanking)) {
            throw new IllegalArgumentException("athena.recall.text-ranking must be 'bm25' or 'ts_rank_cd', was '" + textRanking + "'");
        }
    }
}
