-- A memory with a 384-d vector is a row of about 2.2 kB, just above the 2 kB at which PostgreSQL starts moving the
-- largest value out of line, so every vector went to the TOAST table: each insert wrote the row, a TOAST row and a
-- TOAST index entry, and each vector search fetched the vectors of the rows it returned from there. Rows up to 4 kB
-- (768-d vectors included) now stay whole; wider ones are still TOASTed. Applies to rows written from now on.
ALTER TABLE memories SET (toast_tuple_target = 4080);
