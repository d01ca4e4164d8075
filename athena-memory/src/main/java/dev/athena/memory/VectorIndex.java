package dev.athena.memory;

/**
 * The HNSW index of {@code memories}: it holds half-precision copies of the vectors (migration V7), so a nearest
 * neighbour search orders by the distance between {@code halfvec} casts, which must be written exactly as the index
 * expression, with the column's width. Scores are still computed from the full-precision column.
 */
final class VectorIndex {

    static final String NAME = "memories_embedding_hnsw";

    private VectorIndex() {
    }

    /** An expression (a column or a parameter) as the index sees it. */
    static String halfvec(String expression, int dimension) {
        return "CAST(" + expression + " AS halfvec(" + dimension + "))";
    }

    /** The cosine distance the index orders by, between a column and a vector expression. */
    static String approximateDistance(String column, String vector, int dimension) {
        return halfvec(column, dimension) + " <=> " + halfvec(vector, dimension);
    }

    /** The statement that creates the index for a column of this width. */
    static String create(int dimension) {
        return "CREATE INDEX " + NAME + " ON memories USING hnsw ((" + halfvec("embedding", dimension) + ") halfvec_cosine_ops)";
    }
}
