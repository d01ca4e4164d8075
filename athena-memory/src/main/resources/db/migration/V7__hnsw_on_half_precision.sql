-- The HNSW index over half-precision (2-byte) copies of the vectors instead of 4-byte ones: at 100,000 memories of
-- 384 dimensions it shrinks from 196 MB to about 125 MB, an insert costs about 30% less and a search about 15% less
-- (measured, docs/benchmarks.md), and models up to 4,000 dimensions can be indexed (2,000 before). The column keeps
-- full precision: scores and similarities are computed from it. Queries order by the same cast (VectorIndex).
-- The width comes from the column itself, so a configuration that disagrees with it is still reported at start-up
-- by EmbeddingDimensionVerifier instead of failing here.
DO $$
DECLARE
    width int := (SELECT atttypmod FROM pg_attribute WHERE attrelid = 'memories'::regclass AND attname = 'embedding');
BEGIN
    DROP INDEX memories_embedding_hnsw;
    EXECUTE format('CREATE INDEX memories_embedding_hnsw ON memories USING hnsw ((CAST(embedding AS halfvec(%s))) halfvec_cosine_ops)', width);
END
$$;
