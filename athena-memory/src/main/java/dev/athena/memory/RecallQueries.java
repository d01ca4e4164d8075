package dev.athena.memory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.pgvector.PGvector;
import dev.athena.memory.ProjectVectorIndex.VectorHit;
import org.postgresql.util.PGobject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two retrievers of recall, in SQL: nearest neighbours over the HNSW index, and full-text candidates ranked by
 * {@code ts_rank_cd} (all matches, or gathered by {@link TermTiers} when they are many) or by BM25 (computed from the
 * tsvector's own term frequencies and document frequencies counted over the candidates). Both apply the same filters
 * inside the query.
 */
@Repository
class RecallQueries {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS =
            "m.id, m.content, m.memory_type, m.tags, m.metadata, m.importance, m.occurred_at, m.created_at";
    private static final String FILTERS = """
             m.project = ? AND m.state = ANY(?)
              AND (cardinality(CAST(? AS text[])) = 0 OR m.memory_type = ANY(CAST(? AS text[])))
              AND (cardinality(CAST(? AS text[])) = 0 OR m.tags && CAST(? AS text[]))
              AND (cardinality(CAST(? AS text[])) = 0 OR m.tags @> CAST(? AS text[]))
              AND (CAST(? AS timestamptz) IS NULL OR m.occurred_at >= ?)
              AND (CAST(? AS timestamptz) IS NULL OR m.occurred_at < ?)
              AND (CAST(? AS jsonb) IS NULL OR m.metadata @> CAST(? AS jsonb))
            """;
    /** Recall as of a moment adds this to {@link #FILTERS}; recall of now does without it. */
    private static final String VALID_AT_AS_OF = " AND " + MemoryRow.VALID_AT + "\n";
    /**
     * Recall "now" leaves out a memory whose validity has ended (a fact remembered with a {@code valid_to} that has
     * passed). Its beginning is not checked: a fact that takes effect later ("from January the price is...") is worth
     * recalling before then, and the memory it supersedes is already out of recall.
     */
    private static final String NOT_ENDED = " AND (m.valid_to IS NULL OR m.valid_to > now())\n";

    private static final String[] ACTIVE = {"active"};
    private static final String[] ACTIVE_OR_SUPERSEDED = {"active", "superseded"};
    /** Purged memories are deleted: these are all there are. */
    private static final String[] ANY_KEPT_STATE = {"active", "superseded", "forgotten"};

    /**
     * The query's terms, any of them: what {@code ts_rank_cd} ranks by (cover density, which for OR is how often they
     * occur).
     */
    private static final String ANY_TERM = """
            WITH any_term AS (SELECT to_tsquery('simple', string_agg(quote_literal(lexeme), ' | ')) AS query
                              FROM (SELECT DISTINCT lexeme FROM unnest(to_tsvector('english', ?))) q)
            """;
    /**
     * ts_rank_cd is a float4; as float8 its value reads the same whether the driver fetched it as text or, once a
     * statement is server-prepared, in binary, so equal ranks compare equal in Java.
     */
    private static final String RANKED_BY_COVER_DENSITY = """
            SELECT matches.*, CAST(ts_rank_cd(matches.content_tsv, any_term.query) AS float8) AS score,
                   CAST(NULL AS float8) AS vector_similarity FROM matches, any_term
            ORDER BY score DESC, matches.created_at DESC LIMIT ?
            """;

    private final JdbcTemplate jdbc;
    private final VectorIndex index;
    private final RecallProperties recallSettings;

    RecallQueries(JdbcTemplate jdbc, VectorIndex index, RecallProperties settings) {
        this.jdbc = jdbc;
        this.index = index;
        this.recallSettings = settings;
    }

    /**
     * A memory a retriever returned, with that retriever's score. Full-text candidates also carry their cosine
     * similarity to the query vector ({@code vectorSimilarity}) when recall has one, so that fusion can weigh the
     * semantic evidence of a memory the vector search did not reach; otherwise it is null.
     */
    record Candidate(
            UUID id,
            String content,
            MemoryType memoryType,
            List<String> tags,
            String metadataJson,
            double importance,
            Instant occurredAt,
            Instant createdAt,
            double score,
            Double vectorSimilarity) {

        /** The metadata, parsed when asked: recall reads a hundred candidates or more and returns a few. */
        Map<String, Object> metadata() {
            return MemoryRow.json(metadataJson);
        }
    }

    /**
     * How the nearest neighbours are found. {@code GRAPH} walks the HNSW index, which serves every project at once: its
     * cost grows slowly with the table, but for a project that holds a small share of the table the walk passes mostly
     * other projects' vectors before it finds enough of this one's (about 5 ms for the 50 nearest of 1,000 memories
     * among 114,000, where the exact search takes 1 ms). {@code EXACT} compares the query with every vector of the
     * project that passes the filters, read through the project's B-tree index: its cost grows with the project alone,
     * and it finds the true nearest neighbours.
     */
    enum VectorSearch {
        GRAPH,
        EXACT
    }

    /** What both retrievers returned for one query, fetched in one round trip. */
    record Retrieval(List<Candidate> nearest, List<Candidate> text) {
        static final Retrieval NONE = new Retrieval(List.of(), List.of());
    }

    /**
     * Nearest neighbours by cosine distance, best first by exact similarity. The index orders by half-precision
     * distances; ranks follow the exact similarity.
     */
    List<Candidate> nearest(String project, float[] query, RecallFilters filters, int limit, VectorSearch search) {
        return retrieve(project, query, null, filters, limit, 0, null, search).nearest();
    }

    /**
     * The nearest neighbours of {@code queryVector} (when given) and the BM25 candidates of {@code queryText} (when
     * given, see {@link #fullTextBm25}), in one statement batch: one round trip, one parse of a prepared statement, and
     * the search settings scoped to it.
     */
    Retrieval retrieve(
            String project,
            float[] queryVector,
            String queryText,
            RecallFilters filters,
            int limit,
            int budget,
            RecallProperties settings,
            VectorSearch search) {
        boolean vector = queryVector != null;
        boolean text = queryText != null;
        if (!vector && !text) {
            return Retrieval.NONE;
        }
        String sql = (vector ? nearestSql(filters, search) + (text ? ";\n" : "") : "")
                + (text ? bm25Sql(vector, filters) : "");
        return jdbc.execute((Connection con) -> {
            try (PreparedStatement ps = vector
                    ? HnswSearchSettings.prepare(con, HnswSearchSettings.IterativeScan.RELAXED_ORDER, sql)
                    : con.prepareStatement(sql)) {
                int next = 1;
                PGobject pgVector = vector ? vectorParameter(queryVector) : null;
                if (vector) {
                    next = bindVectorSearch(con, ps, next, project, pgVector, filters, limit, search);
                }
                if (text) {
                    bindBm25(con, ps, next, project, queryText, pgVector, filters, limit, budget, settings);
                }
                List<List<Candidate>> results = results(ps);
                return new Retrieval(
                        nearestBestFirst(results, vector), text ? results.get(results.size() - 1) : List.of());
            }
        });
    }

    /**
     * The nearest neighbours of {@code queryVector} (when given) and the rows of the in-process BM25 index's hits, in
     * one round trip. The filters apply to the hits again, so a hit the database no longer holds as active (changed
     * after the index read the log) is left out, never returned stale.
     */
    Retrieval retrieve(
            String project,
            float[] queryVector,
            List<TextHit> textHits,
            RecallFilters filters,
            int limit,
            VectorSearch search) {
        boolean vector = queryVector != null;
        String sql = (vector ? nearestSql(filters, search) + ";\n" : "") + hitsSql(vector, filters);
        return jdbc.execute((Connection con) -> {
            try (PreparedStatement ps = vector
                    ? HnswSearchSettings.prepare(con, HnswSearchSettings.IterativeScan.RELAXED_ORDER, sql)
                    : con.prepareStatement(sql)) {
                int next = 1;
                PGobject pgVector = vector ? vectorParameter(queryVector) : null;
                if (vector) {
                    next = bindVectorSearch(con, ps, next, project, pgVector, filters, limit, search);
                    ps.setObject(next++, pgVector);
                }
                UUID[] ids = new UUID[textHits.size()];
                Double[] scores = new Double[textHits.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = textHits.get(i).id();
                    scores[i] = textHits.get(i).score();
                }
                ps.setArray(next++, con.createArrayOf("uuid", ids));
                ps.setArray(next++, con.createArrayOf("float8", scores));
                bindFilters(con, ps, next, project, filters);
                List<List<Candidate>> results = results(ps);
                return new Retrieval(nearestBestFirst(results, vector), results.get(results.size() - 1));
            }
        });
    }

    /**
     * The rows of the in-process index's nearest neighbours and of its BM25 hits, in one round trip and without
     * pgvector's graph: the nearest are ranked by their exact similarity (computed from the full-precision column, as
     * the graph search in the database does), the hits keep their order. The filters apply to both again, so a memory
     * the database no longer holds as active is left out.
     */
    Retrieval retrieve(
            String project,
            float[] queryVector,
            List<VectorHit> nearestHits,
            List<TextHit> textHits,
            RecallFilters filters) {
        boolean withText = !textHits.isEmpty();
        String sql = hitsSql(true, filters) + (withText ? ";\n" + hitsSql(true, filters) : "");
        return jdbc.execute((Connection con) -> {
            try (PreparedStatement ps = con.prepareStatement(sql)) {
                PGobject pgVector = vectorParameter(queryVector);
                UUID[] nearestIds = new UUID[nearestHits.size()];
                Double[] nearestScores = new Double[nearestHits.size()];
                for (int i = 0; i < nearestIds.length; i++) {
                    nearestIds[i] = nearestHits.get(i).id();
                    nearestScores[i] = nearestHits.get(i).similarity();
                }
                int next = bindHits(con, ps, 1, project, pgVector, nearestIds, nearestScores, filters);
                UUID[] textIds = new UUID[textHits.size()];
                Double[] textScores = new Double[textHits.size()];
                for (int i = 0; i < textIds.length; i++) {
                    textIds[i] = textHits.get(i).id();
                    textScores[i] = textHits.get(i).score();
                }
                if (withText) {
                    bindHits(con, ps, next, project, pgVector, textIds, textScores, filters);
                }
                List<List<Candidate>> results = results(ps);
                List<Candidate> nearest = new ArrayList<>(results.get(0).size());
                for (Candidate hit : results.get(0)) {
                    if (hit.vectorSimilarity() != null) {
                        nearest.add(exactlyScored(hit));
                    }
                }
                nearest.sort(Comparator.comparingDouble(Candidate::score).reversed());
                return new Retrieval(nearest, withText ? results.get(1) : List.of());
            }
        });
    }

    /** A nearest neighbour found in the gateway, scored by its exact similarity as the database's search scores it. */
    private static Candidate exactlyScored(Candidate hit) {
        return new Candidate(
                hit.id(),
                hit.content(),
                hit.memoryType(),
                hit.tags(),
                hit.metadataJson(),
                hit.importance(),
                hit.occurredAt(),
                hit.createdAt(),
                hit.vectorSimilarity(),
                null);
    }

    private static int bindHits(
            Connection con,
            PreparedStatement ps,
            int index,
            String project,
            PGobject vector,
            UUID[] ids,
            Double[] scores,
            RecallFilters filters)
            throws SQLException {
        int next = index;
        ps.setObject(next++, vector);
        ps.setArray(next++, con.createArrayOf("uuid", ids));
        ps.setArray(next++, con.createArrayOf("float8", scores));
        return bindFilters(con, ps, next, project, filters);
    }

    private static String hitsSql(boolean withSimilarity, RecallFilters filters) {
        String similarity = withSimilarity ? "1 - (m.embedding <=> ?)" : "CAST(NULL AS float8)";
        return "SELECT " + COLUMNS + ", hit.score AS score, " + similarity + " AS vector_similarity"
                + " FROM unnest(CAST(? AS uuid[]), CAST(? AS float8[])) WITH ORDINALITY AS hit(id, score, position)"
                + " JOIN memories m ON m.id = hit.id WHERE " + where(filters) + " ORDER BY hit.position";
    }

    /**
     * The nearest neighbours' statement. The graph search orders by the indexed half-precision distance, which the HNSW
     * index answers; the exact one by the full-precision similarity, which no index answers, so PostgreSQL reads the
     * project's rows through its B-tree index and keeps the best. The graph scan runs with {@code relaxed_order}: the
     * project is always a filter, and in a database of many projects the index's nearest rows are mostly other
     * projects'.
     */
    private String nearestSql(RecallFilters filters, VectorSearch search) {
        String select = "SELECT " + COLUMNS + ", 1 - (m.embedding <=> ?) AS score,"
                + " CAST(NULL AS float8) AS vector_similarity FROM memories m WHERE m.embedding IS NOT NULL AND "
                + where(filters);
        return switch (search) {
            case GRAPH -> select + " ORDER BY " + index.approximateDistance("m.embedding", "?") + " LIMIT ?";
            case EXACT -> select + " ORDER BY score DESC LIMIT ?";
        };
    }

    /** Binds the search settings ({@link HnswSearchSettings}) and the nearest-neighbour statement after them. */
    private int bindVectorSearch(
            Connection con,
            PreparedStatement ps,
            int index,
            String project,
            PGobject vector,
            RecallFilters filters,
            int limit,
            VectorSearch search)
            throws SQLException {
        int next = index;
        ps.setString(next++, Integer.toString(recallSettings.efSearch(limit)));
        ps.setObject(next++, vector);
        next = bindFilters(con, ps, next, project, filters);
        if (search == VectorSearch.GRAPH) {
            ps.setObject(next++, vector);
        }
        ps.setInt(next++, limit);
        return next;
    }

    /**
     * The nearest neighbours of a batch that searched vectors (result 0 is the settings'), best first: the index orders
     * by the half-precision distance, the score is the full-precision similarity.
     */
    private static List<Candidate> nearestBestFirst(List<List<Candidate>> results, boolean searchedVectors) {
        if (!searchedVectors) {
            return List.of();
        }
        List<Candidate> nearest = results.get(1);
        nearest.sort(Comparator.comparingDouble(Candidate::score).reversed());
        return nearest;
    }

    /**
     * Every result set of an executed statement batch, in order; a result of the search settings reads as candidates of
     * none.
     */
    private static List<List<Candidate>> results(PreparedStatement ps) throws SQLException {
        List<List<Candidate>> results = new ArrayList<>(3);
        boolean isResultSet = ps.execute();
        while (isResultSet || ps.getUpdateCount() != -1) {
            if (isResultSet) {
                List<Candidate> candidates = new ArrayList<>();
                try (ResultSet rs = ps.getResultSet()) {
                    boolean isCandidate = rs.getMetaData().getColumnCount() > 2;
                    while (rs.next()) {
                        if (isCandidate) {
                            candidates.add(candidate(rs));
                        }
                    }
                }
                results.add(candidates);
            }
            isResultSet = ps.getMoreResults();
        }
        return results;
    }

    /** The distinct lexemes PostgreSQL's English configuration makes of the query, as the tsvectors hold them. */
    List<String> lexemes(String query) {
        return jdbc.queryForList("SELECT lexeme FROM unnest(to_tsvector('english', ?))", String.class, query);
    }

    /**
     * The planner's statistics of {@code memories.content_tsv}: the most common lexemes with their shares, and the
     * table's size now (the rows counted by the last ANALYZE, scaled by how the table grew since, as the planner does).
     */
    TermStatistics termStatistics() {
        return jdbc.query("""
                SELECT c.reltuples, c.relpages, pg_relation_size(c.oid) / current_setting('block_size')::float8 AS
                    pages,
                       CAST(CAST(s.most_common_elems AS text) AS text[]) AS lexemes, s.most_common_elem_freqs AS shares
                FROM pg_class c
                LEFT JOIN pg_stats s ON s.schemaname = CAST(c.relnamespace::regnamespace AS text) AND s.tablename =
                    c.relname
                                     AND s.attname = 'content_tsv'
                WHERE c.oid = CAST('memories' AS regclass)
                """, rs -> {
            if (!rs.next() || rs.getArray("lexemes") == null || rs.getDouble("reltuples") < 0) {
                return TermStatistics.UNKNOWN;
            }
            String[] lexemes = (String[]) rs.getArray("lexemes").getArray();
            Float[] shares = (Float[]) rs.getArray("shares").getArray();
            Map<String, Double> frequencies = new HashMap<>(lexemes.length * 2);
            for (int i = 0; i < lexemes.length; i++) {
                frequencies.put(lexemes[i], shares[i].doubleValue());
            }
            // After the lexemes' shares come the least and the greatest share, then the share of nulls.
            double rarest = shares.length > lexemes.length ? shares[lexemes.length] : 0;
            double relpages = rs.getDouble("relpages");
            double rows = relpages > 0
                    ? rs.getDouble("reltuples") / relpages * Math.max(rs.getDouble("pages"), relpages)
                    : rs.getDouble("reltuples");
            return new TermStatistics(rows, frequencies, rarest / 2);
        });
    }

    /**
     * Full-text candidates: every memory sharing at least one stemmed term with the query, best first by
     * {@code ts_rank_cd}.
     */
    List<Candidate> fullText(String project, String query, RecallFilters filters, int limit) {
        return jdbc.query(
                con -> {
                    PreparedStatement ps = con.prepareStatement(
                            ANY_TERM + """
                    , matches AS (SELECT %s, m.content_tsv FROM memories m, any_term
                                  WHERE m.content_tsv @@ any_term.query AND %s)
                    """.formatted(COLUMNS, where(filters)) + RANKED_BY_COVER_DENSITY);
                    ps.setString(1, query);
                    int next = bindFilters(con, ps, 2, project, filters);
                    ps.setInt(next, limit);
                    return ps;
                },
                (rs, row) -> candidate(rs));
    }

    /**
     * Full-text candidates gathered tier by tier ({@link TermTiers}): up to {@code limit} memories from the strictest
     * tiers that have any, ranked by {@code ts_rank_cd} over the any-term query exactly as {@link #fullText} ranks. A
     * tier's query runs only while the tiers before it found fewer than {@code limit}.
     */
    List<Candidate> fullTextByTiers(
            String project, String query, List<String> tiers, RecallFilters filters, int limit) {
        return jdbc.query(
                con -> {
                    // The nested loop keeps the order of the tiers (ordinality), so the LIMIT stops it at the first
                    // tiers that suffice.
                    PreparedStatement ps = con.prepareStatement(
                            ANY_TERM + """
                    , tiers AS (SELECT t.tier, CAST(t.query AS tsquery) AS query
                                FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS t(query, tier)),
                      matches AS (SELECT c.* FROM tiers CROSS JOIN LATERAL (
                                      SELECT %s, m.content_tsv FROM memories m WHERE m.content_tsv @@ tiers.query AND
                                          %s) c
                                  ORDER BY tiers.tier LIMIT ?)
                    """.formatted(COLUMNS, where(filters)) + RANKED_BY_COVER_DENSITY);
                    ps.setString(1, query);
                    ps.setArray(2, con.createArrayOf("text", tiers.toArray()));
                    int next = bindFilters(con, ps, 3, project, filters);
                    ps.setInt(next++, limit);
                    ps.setInt(next, limit);
                    return ps;
                },
                (rs, row) -> candidate(rs));
    }

    /**
     * Full-text candidates ranked by Okapi BM25 over the project's corpus: document frequencies and lengths come from
     * the statistics tables the triggers of V8 keep (folded totals plus pending changes, so exact at this snapshot),
     * term frequencies from the tsvectors. Candidates are gathered from the query's rarest terms first: terms join the
     * gathering query while their document frequencies add up to at most {@code budget} (the rarest always joins), and
     * at most {@code budget} matches are scored, so a query of common words never scores every match. Each candidate is
     * scored over all the query's terms, common ones included.
     *
     * @param queryVector when given, each candidate's cosine similarity to it is returned too
     */
    List<Candidate> fullTextBm25(
            String project,
            String query,
            float[] queryVector,
            RecallFilters filters,
            int limit,
            int budget,
            RecallProperties settings) {
        return jdbc.query(
                con -> {
                    PreparedStatement ps = con.prepareStatement(bm25Sql(queryVector != null, filters));
                    bindBm25(
                            con,
                            ps,
                            1,
                            project,
                            query,
                            queryVector == null ? null : vectorParameter(queryVector),
                            filters,
                            limit,
                            budget,
                            settings);
                    return ps;
                },
                (rs, row) -> candidate(rs));
    }

    private static String bm25Sql(boolean withSimilarity, RecallFilters filters) {
        // The scoring reads only the matches' tsvectors; the other columns (and the vector, for the similarity) are
        // read for the returned candidates alone, after the limit. MATERIALIZED keeps each statistic a single lookup
        // however often the expressions after it refer to it.
        String similarity = withSimilarity ? "1 - (m.embedding <=> ?)" : "CAST(NULL AS float8)";
        return """
                    WITH q AS (SELECT DISTINCT lexeme FROM unnest(to_tsvector('english', ?))),
                         df AS MATERIALIZED (
                                SELECT q.lexeme,
                                       coalesce((SELECT d.documents FROM text_term_documents d WHERE d.project = ? AND
                                           d.lexeme = q.lexeme), 0)
                                     + coalesce((SELECT sum(c.documents) FROM text_term_changes c WHERE c.project = ?
                                         AND c.lexeme = q.lexeme), 0)
                                       AS documents
                                FROM q),
                         corpus AS MATERIALIZED (
                                    SELECT greatest(coalesce(sum(c.documents), 0), 1) AS documents,
                                           greatest(coalesce(sum(c.total_length), 0) /
                                               greatest(coalesce(sum(c.documents), 0), 1), 1) AS average_length
                                    FROM (SELECT documents, total_length FROM text_corpus WHERE project = ?
                                          UNION ALL SELECT documents, total_length FROM text_corpus_changes WHERE
                                              project = ?) c),
                         idf AS MATERIALIZED (
                                 SELECT df.lexeme, df.documents,
                                        ln(1 + (corpus.documents - df.documents + 0.5) / (df.documents + 0.5)) AS idf
                                 FROM df, corpus WHERE df.documents > 0),
                         gathering AS (SELECT to_tsquery('simple', string_agg(quote_literal(r.lexeme), ' | ')) AS query
                                       FROM (SELECT lexeme, sum(documents) OVER (ORDER BY documents, lexeme) AS running,
                                                    row_number() OVER (ORDER BY documents, lexeme) AS position
                                             FROM idf) r
                                       WHERE r.running <= ? OR r.position = 1),
                         matches AS MATERIALIZED (
                                     SELECT m.id, m.created_at, m.content_tsv FROM memories m, gathering
                                     WHERE m.content_tsv @@ gathering.query AND %s LIMIT ?),
                         scores AS (SELECT mt.id,
                                           sum(idf.idf * t.tf * (? + 1)
                                               / (t.tf + ? * (1 - ? + ? * length(mt.content_tsv) /
                                                   corpus.average_length))) AS score
                                    FROM matches mt
                                    CROSS JOIN LATERAL (SELECT u.lexeme, coalesce(array_length(u.positions, 1), 1) AS tf
                                                        FROM unnest(mt.content_tsv) u) t
                                    JOIN idf ON idf.lexeme = t.lexeme
                                    CROSS JOIN corpus
                                    GROUP BY mt.id),
                         best AS MATERIALIZED (
                                  SELECT matches.id, matches.created_at, scores.score FROM matches JOIN scores USING
                                      (id)
                                  ORDER BY scores.score DESC, matches.created_at DESC LIMIT ?)
                    SELECT %s, CAST(best.score AS float8) AS score, %s AS vector_similarity
                    FROM best JOIN memories m ON m.id = best.id
                    ORDER BY best.score DESC, best.created_at DESC
                    """.formatted(where(filters), COLUMNS, similarity);
    }

    private static int bindBm25(
            Connection con,
            PreparedStatement ps,
            int index,
            String project,
            String query,
            PGobject queryVector,
            RecallFilters filters,
            int limit,
            int budget,
            RecallProperties settings)
            throws SQLException {
        int next = index;
        ps.setString(next++, query);
        ps.setString(next++, project);
        ps.setString(next++, project);
        ps.setString(next++, project);
        ps.setString(next++, project);
        ps.setLong(next++, budget);
        next = bindFilters(con, ps, next, project, filters);
        ps.setInt(next++, budget);
        ps.setDouble(next++, settings.bm25K1());
        ps.setDouble(next++, settings.bm25K1());
        ps.setDouble(next++, settings.bm25B());
        ps.setDouble(next++, settings.bm25B());
        ps.setInt(next++, limit);
        if (queryVector != null) {
            ps.setObject(next++, queryVector);
        }
        return next;
    }

    /**
     * The memory recorded right after each of {@code sources} in the project (by creation order, which within a batch
     * is the order given), when it occurred within {@code window} of its source: in a conversation stored turn by turn,
     * the reply to a turn. Each answer's {@code vectorSimilarity} is its cosine similarity to the query.
     *
     * @return successor by source id
     */
    Map<UUID, Candidate> successors(
            String project, List<UUID> sources, float[] queryVector, RecallFilters filters, Duration window) {
        if (sources.isEmpty()) {
            return Map.of();
        }
        // The next active memory by the (project, state, created_at, id) index, a few index pages per source; the
        // recall filters then apply to it (a successor they reject passes no context).
        String similarity = queryVector == null ? "CAST(NULL AS float8)" : "1 - (m.embedding <=> ?)";
        Map<UUID, Candidate> successors = new HashMap<>();
        jdbc.query(
                con -> {
                    PreparedStatement ps = con.prepareStatement("""
                    SELECT s.id AS source, %s, CAST(0 AS float8) AS score, %s AS vector_similarity FROM memories s
                    CROSS JOIN LATERAL (SELECT n.* FROM memories n
                                        WHERE n.project = s.project AND n.state = 'active'
                                          AND (n.created_at, n.id) > (s.created_at, s.id)
                                        ORDER BY n.created_at, n.id LIMIT 1) m
                    WHERE s.id = ANY(?) AND s.project = ?
                      AND m.occurred_at >= s.occurred_at AND m.occurred_at <= s.occurred_at + CAST(? AS interval)
                      AND %s
                    """.formatted(COLUMNS, similarity, where(filters)));
                    int next = 1;
                    if (queryVector != null) {
                        ps.setObject(next++, vectorParameter(queryVector));
                    }
                    ps.setArray(next++, con.createArrayOf("uuid", sources.toArray()));
                    ps.setString(next++, project);
                    ps.setString(next++, window.toSeconds() + " seconds");
                    bindFilters(con, ps, next, project, filters);
                    return ps;
                },
                rs -> {
                    successors.put(rs.getObject("source", UUID.class), candidate(rs));
                });
        return successors;
    }

    /**
     * The document frequency of each of the query's terms in the project and the project's document count, as BM25 sees
     * them (exact at this snapshot). For tests and diagnostics.
     */
    Map<String, Long> documentFrequencies(String project, String query) {
        Map<String, Long> frequencies = new TreeMap<>();
        jdbc.query(
                """
                SELECT q.lexeme,
                       coalesce((SELECT d.documents FROM text_term_documents d WHERE d.project = ? AND d.lexeme =
                           q.lexeme), 0)
                     + coalesce((SELECT sum(c.documents) FROM text_term_changes c WHERE c.project = ? AND c.lexeme =
                         q.lexeme), 0)
                FROM (SELECT DISTINCT lexeme FROM unnest(to_tsvector('english', ?))) q
                """,
                rs -> {
                    frequencies.put(rs.getString(1), rs.getLong(2));
                },
                project,
                project,
                query);
        return frequencies;
    }

    /** Active memories of the project as BM25 counts them (exact at this snapshot). */
    long corpusDocuments(String project) {
        Long documents = jdbc.queryForObject("""
                SELECT coalesce(sum(documents), 0) FROM (SELECT documents FROM text_corpus WHERE project = ?
                                                         UNION ALL SELECT documents FROM text_corpus_changes WHERE
                                                             project = ?) c
                """, Long.class, project, project);
        return documents == null ? 0 : documents;
    }

    /** The filters' SQL; {@link #bindFilters} binds its parameters. */
    private static String where(RecallFilters filters) {
        if (filters.asOf() != null) {
            return FILTERS + VALID_AT_AS_OF;
        }
        // include_superseded asks for the memories that were replaced, whose validity ended when they were
        return filters.includeSuperseded() ? FILTERS : FILTERS + NOT_ENDED;
    }

    /**
     * The query vector as a statement parameter, written out as text once: a recall binds it up to three times, and
     * {@link PGvector} formats its 384 or 768 floats again at every bind.
     */
    static PGobject vectorParameter(float[] vector) throws SQLException {
        PGobject parameter = new PGobject();
        parameter.setType("vector");
        parameter.setValue(new PGvector(vector).getValue());
        return parameter;
    }

    private static int bindFilters(
            Connection con, PreparedStatement ps, int index, String project, RecallFilters filters)
            throws SQLException {
        int i = index;
        ps.setString(i++, project);
        ps.setArray(
                i++,
                con.createArrayOf(
                        "text",
                        filters.asOf() != null
                                ? ANY_KEPT_STATE
                                : filters.includeSuperseded() ? ACTIVE_OR_SUPERSEDED : ACTIVE));
        Array types = con.createArrayOf(
                "text", filters.memoryTypes().stream().map(MemoryType::wireName).toArray());
        ps.setArray(i++, types);
        ps.setArray(i++, types);
        Array any = con.createArrayOf("text", filters.tagsAny().toArray());
        ps.setArray(i++, any);
        ps.setArray(i++, any);
        Array all = con.createArrayOf("text", filters.tagsAll().toArray());
        ps.setArray(i++, all);
        ps.setArray(i++, all);
        Timestamp after = filters.occurredAfter() == null ? null : Timestamp.from(filters.occurredAfter());
        ps.setTimestamp(i++, after);
        ps.setTimestamp(i++, after);
        Timestamp before = filters.occurredBefore() == null ? null : Timestamp.from(filters.occurredBefore());
        ps.setTimestamp(i++, before);
        ps.setTimestamp(i++, before);
        String metadata = filters.metadata().isEmpty() ? null : JSON.writeValueAsString(filters.metadata());
        ps.setString(i++, metadata);
        ps.setString(i++, metadata);
        if (filters.asOf() != null) {
            Timestamp asOf = Timestamp.from(filters.asOf());
            ps.setTimestamp(i++, asOf);
            ps.setTimestamp(i++, asOf);
        }
        return i;
    }

    private static Candidate candidate(ResultSet rs) throws SQLException {
        Array tags = rs.getArray("tags");
        Double vectorSimilarity = (Double) rs.getObject("vector_similarity");
        return new Candidate(
                rs.getObject("id", UUID.class),
                rs.getString("content"),
                MemoryType.fromWireName("memory_type", rs.getString("memory_type")),
                tags == null ? List.of() : new ArrayList<>(Arrays.asList((String[]) tags.getArray())),
                rs.getString("metadata"),
                rs.getDouble("importance"),
                rs.getTimestamp("occurred_at").toInstant(),
                rs.getTimestamp("created_at").toInstant(),
                rs.getDouble("score"),
                vectorSimilarity);
    }
}
