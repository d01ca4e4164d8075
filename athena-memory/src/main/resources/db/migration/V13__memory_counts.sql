-- The memory gauges (athena_memories, by project, type and state) and the console's counts read these totals instead
-- of counting the memories table: at 100,000 memories that count was a parallel scan of the whole table, 0.75 to 1 s
-- of wall time and about three times that in CPU, every metrics refresh of every gateway, growing with the table.
--
-- Kept as V8 keeps the text statistics: writers never update a shared counter row (a hot row per project would
-- serialise every write to it); triggers only append signed changes, readers add the pending changes to the folded
-- totals, so what they see is exact at their snapshot, and MemoryCounts folds the changes every few seconds.
CREATE TABLE memory_counts (
    project     text   NOT NULL,
    memory_type text   NOT NULL,
    state       text   NOT NULL,
    memories    bigint NOT NULL,
    PRIMARY KEY (project, memory_type, state)
);

CREATE TABLE memory_count_changes (
    project     text NOT NULL,
    memory_type text NOT NULL,
    state       text NOT NULL,
    memories    int  NOT NULL
);

CREATE FUNCTION record_memory_count_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO memory_count_changes (project, memory_type, state, memories)
        SELECT n.project, n.memory_type, n.state, count(*) FROM new_rows n GROUP BY 1, 2, 3;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO memory_count_changes (project, memory_type, state, memories)
        SELECT c.project, c.memory_type, c.state, sum(c.sign) FROM (
            SELECT n.project, n.memory_type, n.state, 1 AS sign FROM new_rows n JOIN old_rows o USING (id)
            WHERE (n.project, n.memory_type, n.state) IS DISTINCT FROM (o.project, o.memory_type, o.state)
            UNION ALL
            SELECT o.project, o.memory_type, o.state, -1 AS sign FROM new_rows n JOIN old_rows o USING (id)
            WHERE (n.project, n.memory_type, n.state) IS DISTINCT FROM (o.project, o.memory_type, o.state)) c
        GROUP BY 1, 2, 3 HAVING sum(c.sign) <> 0;
    ELSE
        INSERT INTO memory_count_changes (project, memory_type, state, memories)
        SELECT o.project, o.memory_type, o.state, -count(*) FROM old_rows o GROUP BY 1, 2, 3;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER memories_counts_insert AFTER INSERT ON memories
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_memory_count_changes();
CREATE TRIGGER memories_counts_update AFTER UPDATE ON memories
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_memory_count_changes();
CREATE TRIGGER memories_counts_delete AFTER DELETE ON memories
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION record_memory_count_changes();

-- TRUNCATE fires no triggers with transition tables: the counts go with the rows.
CREATE FUNCTION clear_memory_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE memory_counts, memory_count_changes;
    RETURN NULL;
END
$$;
CREATE TRIGGER memories_counts_truncate AFTER TRUNCATE ON memories
    FOR EACH STATEMENT EXECUTE FUNCTION clear_memory_counts();

INSERT INTO memory_counts (project, memory_type, state, memories)
SELECT project, memory_type, state, count(*) FROM memories GROUP BY project, memory_type, state;
