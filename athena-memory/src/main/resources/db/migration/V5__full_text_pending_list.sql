-- New rows reach the full-text GIN index through its pending list, which every full-text search reads in full
-- (unsorted) until a flush merges it. At the default 4 MB that added about 10 ms to each recall between flushes
-- (measured at 100,000 memories, docs/benchmarks.md); at 256 kB the list is merged sixteen times as often, in
-- smaller steps, and costs a search well under a millisecond.
ALTER INDEX memories_content_tsv_gin SET (gin_pending_list_limit = 256);
