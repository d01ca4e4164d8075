package dev.athena.memory;

/**
 * The HNSW index of {@code memories}: it holds half-precision copies of the vectors (migration V7), so a nearest
 * neighbour search orders by the distance between {@code halfvec} casts, which must be written exactly as the index
 * expression, with the column's width. Scores are still computed from the full-precision column.
 *
 * @param dimension the width of {@code memories.embedding}, which is the embedding model's
 */
record VectorIndex(int dimension) {

    static final String NAME = "memories_embedding_hnsw";

    /** An expression (a column or a parameter) as the index sees it. */
    String halfvec(String expression) {
        return "CAST(" + expression + " AS halfvec(" + dimension + "))";
    }

    /** The cosine distance the index orders by, between a column and a vector expression. */
    String approximateDistance(String column, String vector) {
        return halfvec(column) + " <=> " + halfvec(vector);
    }

    /** The statement that creates the index for a column of this width. */
    String create() {
        return "CREATE INDEX " + NAME + " ON memories USING hnsw ((" + halfvec("embedding") + ") halfvec_cosine_ops)";
    }
}
