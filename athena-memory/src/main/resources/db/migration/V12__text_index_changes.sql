-- The gateways keep BM25's inverted index in memory (InProcessBm25); PostgreSQL stays the source of truth. Every
-- write that changes what full text can find (a memory inserted, deleted, or with a new state, project, content or
-- end of validity) appends the memory's id here, stamped with the writing transaction's id. A gateway reads the
-- changes of every transaction that its last read could not see yet (by the xid8 snapshot it read at; see
-- TextIndexChanges), so no commit is missed however transactions interleave. Rows older than the retention are
-- deleted by the gateways; one that fell further behind than that rebuilds its index.
CREATE TABLE memory_text_changes (
    memory_id uuid,                                       -- null: every memory went (TRUNCATE)
    project   text,
    xid       xid8        NOT NULL DEFAULT pg_current_xact_id(),
    logged_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX memory_text_changes_xid ON memory_text_changes (xid);
CREATE INDEX memory_text_changes_logged_at ON memory_text_changes (logged_at);

CREATE FUNCTION log_memory_text_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO memory_text_changes (memory_id, project) SELECT n.id, n.project FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO memory_text_changes (memory_id, project)
        SELECT n.id, n.project FROM new_rows n JOIN old_rows o USING (id)
        WHERE o.state <> n.state OR o.project <> n.project OR o.content_tsv <> n.content_tsv
           OR o.valid_to IS DISTINCT FROM n.valid_to
        UNION ALL
        SELECT o.id, o.project FROM new_rows n JOIN old_rows o USING (id) WHERE o.project <> n.project;
    ELSE
        INSERT INTO memory_text_changes (memory_id, project) SELECT o.id, o.project FROM old_rows o;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER memories_text_index_insert AFTER INSERT ON memories
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_memory_text_changes();
CREATE TRIGGER memories_text_index_update AFTER UPDATE ON memories
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_memory_text_changes();
CREATE TRIGGER memories_text_index_delete AFTER DELETE ON memories
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION log_memory_text_changes();

CREATE FUNCTION log_memory_text_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO memory_text_changes (memory_id, project) VALUES (NULL, NULL);
    RETURN NULL;
END
$$;
CREATE TRIGGER memories_text_index_truncate AFTER TRUNCATE ON memories
    FOR EACH STATEMENT EXECUTE FUNCTION log_memory_text_reset();
