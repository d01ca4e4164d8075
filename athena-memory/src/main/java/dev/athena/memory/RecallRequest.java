package dev.athena.memory;

/**
 * A question to Athena's memory.
 *
 * @param query what to look for; required
 * @param k how many memories to return, 1..{@value #MAX_K}
 * @param project the project to search; {@code null} means the default project
 * @param filters what to restrict the search to
 * @param mode which evidence to use; {@code null} means hybrid
 * @param rerank whether recency and importance adjust the fused relevance
 * @param minScore leave out results scoring below this; {@code null} for no threshold
 * @param explain whether each result carries the terms of its score
 */
public record RecallRequest(
        String query,
        int k,
        String project,
        RecallFilters filters,
        RecallMode mode,
        boolean rerank,
        Double minScore,
        boolean explain) {

    public static final int DEFAULT_K = 5;
    public static final int MAX_K = 100;
    /** Longest query, in characters. */
    public static final int MAX_QUERY_CHARS = 4096;

    public RecallRequest {
        filters = filters == null ? RecallFilters.NONE : filters;
        mode = mode == null ? RecallMode.HYBRID : mode;
    }

    public static RecallRequest of(String query, int k) {
        return new RecallRequest(query, k, null, RecallFilters.NONE, RecallMode.HYBRID, true, null, false);
    }

    public static RecallRequest inProject(String project, String query, int k) {
        return new RecallRequest(query, k, project, RecallFilters.NONE, RecallMode.HYBRID, true, null, false);
    }

    public RecallRequest withFilters(RecallFilters newFilters) {
        return new RecallRequest(query, k, project, newFilters, mode, rerank, minScore, explain);
    }

    public RecallRequest withMode(RecallMode newMode, boolean newRerank) {
        return new RecallRequest(query, k, project, filters, newMode, newRerank, minScore, explain);
    }

    public RecallRequest explained() {
        return new RecallRequest(query, k, project, filters, mode, rerank, minScore, true);
    }
}
