-- BM25 needs, per project, how many active memories contain each stemmed term (document frequency) and how long the
-- memories are on average. Counting them over the matches of each query costs a scan of every match and gives the
-- wrong IDF (the matches are not the corpus), so they are kept here, up to date with every write.
--
-- Writers never update a shared counter row: a hot row per common term would serialise every write to a project
-- (and invite deadlocks between batches). Triggers only append signed changes to the *_changes tables; readers add
-- the pending changes to the folded totals, so what they see is exact at their snapshot; TextStatisticsCompactor
-- folds the changes into the totals every few seconds.
CREATE TABLE text_term_documents (
    project   text   NOT NULL,
    lexeme    text   NOT NULL,
    documents bigint NOT NULL,
    PRIMARY KEY (project, lexeme)
);

CREATE TABLE text_term_changes (
    project   text NOT NULL,
    lexeme    text NOT NULL,
    documents int  NOT NULL
);
CREATE INDEX text_term_changes_project_lexeme ON text_term_changes (project, lexeme);

-- Document length is the number of distinct stemmed terms (length of the tsvector; stop words are not terms).
CREATE TABLE text_corpus (
    project      text   PRIMARY KEY,
    documents    bigint NOT NULL,
    total_length bigint NOT NULL
);

CREATE TABLE text_corpus_changes (
    project      text   NOT NULL,
    documents    int    NOT NULL,
    total_length bigint NOT NULL
);
CREATE INDEX text_corpus_changes_project ON text_corpus_changes (project);

-- Signed contributions of the rows a statement touched: +1 for each active row after it, -1 for each active row
-- before it. Rows whose state, project and content did not change contribute nothing.
CREATE TYPE text_statistics_row AS (project text, content_tsv tsvector, sign int);

CREATE FUNCTION append_text_statistics_changes(changed text_statistics_row[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO text_term_changes (project, lexeme, documents)
    SELECT r.project, t.lexeme, sum(r.sign) FROM unnest(changed) r, unnest(r.content_tsv) t
    GROUP BY r.project, t.lexeme HAVING sum(r.sign) <> 0;
    INSERT INTO text_corpus_changes (project, documents, total_length)
    SELECT r.project, sum(r.sign), sum(r.sign * length(r.content_tsv)) FROM unnest(changed) r
    GROUP BY r.project HAVING sum(r.sign) <> 0 OR sum(r.sign * length(r.content_tsv)) <> 0;
$$;

CREATE FUNCTION record_text_statistics_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM append_text_statistics_changes(ARRAY(
            SELECT ROW(n.project, n.content_tsv, 1)::text_statistics_row FROM new_rows n WHERE n.state = 'active'));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM append_text_statistics_changes(ARRAY(
            SELECT ROW(n.project, n.content_tsv, 1)::text_statistics_row FROM new_rows n JOIN old_rows o USING (id)
            WHERE n.state = 'active' AND (o.state <> 'active' OR o.project <> n.project OR o.content_tsv <> n.content_tsv)
            UNION ALL
            SELECT ROW(o.project, o.content_tsv, -1)::text_statistics_row FROM new_rows n JOIN old_rows o USING (id)
            WHERE o.state = 'active' AND (n.state <> 'active' OR o.project <> n.project OR o.content_tsv <> n.content_tsv)));
    ELSE
        PERFORM append_text_statistics_changes(ARRAY(
            SELECT ROW(o.project, o.content_tsv, -1)::text_statistics_row FROM old_rows o WHERE o.state = 'active'));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER memories_text_statistics_insert AFTER INSERT ON memories
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_text_statistics_changes();
CREATE TRIGGER memories_text_statistics_update AFTER UPDATE ON memories
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_text_statistics_changes();
CREATE TRIGGER memories_text_statistics_delete AFTER DELETE ON memories
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION record_text_statistics_changes();

-- TRUNCATE fires no row or statement triggers with transition tables: the statistics go with the rows.
CREATE FUNCTION clear_text_statistics() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE text_term_documents, text_term_changes, text_corpus, text_corpus_changes;
    RETURN NULL;
END
$$;
CREATE TRIGGER memories_text_statistics_truncate AFTER TRUNCATE ON memories
    FOR EACH STATEMENT EXECUTE FUNCTION clear_text_statistics();

INSERT INTO text_term_documents (project, lexeme, documents)
SELECT m.project, t.lexeme, count(*) FROM memories m, unnest(m.content_tsv) t WHERE m.state = 'active' GROUP BY m.project, t.lexeme;
INSERT INTO text_corpus (project, documents, total_length)
SELECT project, count(*), sum(length(content_tsv)) FROM memories WHERE state = 'active' GROUP BY project;
