-- The in-process index (InProcessBm25) now also holds each project's embeddings in an HNSW graph of its own
-- (ProjectVectorIndex), so the change log of V12 must name a memory whose embedding changed too: a memory stored
-- before the embedder answered gets its embedding later, from the backfill, in an update that touches nothing else.
CREATE OR REPLACE FUNCTION log_memory_text_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO memory_text_changes (memory_id, project) SELECT n.id, n.project FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO memory_text_changes (memory_id, project)
        SELECT n.id, n.project FROM new_rows n JOIN old_rows o USING (id)
        WHERE o.state <> n.state OR o.project <> n.project OR o.content_tsv <> n.content_tsv
           OR o.valid_to IS DISTINCT FROM n.valid_to OR o.embedding IS DISTINCT FROM n.embedding
        UNION ALL
        SELECT o.id, o.project FROM new_rows n JOIN old_rows o USING (id) WHERE o.project <> n.project;
    ELSE
        INSERT INTO memory_text_changes (memory_id, project) SELECT o.id, o.project FROM old_rows o;
    END IF;
    RETURN NULL;
END
$$;
