-- Recall counts accesses (AccessRecorder). Kept in memories, every flush rewrote whole rows, vector included, and added
-- an entry to every index of memories for each of them, the HNSW graph too. A narrow table of their own is updated in
-- place (HOT: no indexed column changes, and fillfactor leaves room on the page).
CREATE TABLE memory_access (
    memory_id        uuid        PRIMARY KEY REFERENCES memories (id) ON DELETE CASCADE,
    access_count     bigint      NOT NULL CHECK (access_count >= 0),
    last_accessed_at timestamptz NOT NULL
) WITH (fillfactor = 70);

INSERT INTO memory_access (memory_id, access_count, last_accessed_at)
SELECT id, access_count, coalesce(last_accessed_at, updated_at) FROM memories WHERE access_count > 0;

ALTER TABLE memories DROP COLUMN access_count, DROP COLUMN last_accessed_at;
