package dev.athena.memory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pgvector.PGvector;
import dev.athena.embedding.EmbeddingClient;
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
class RecallStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "m.id, m.content, m.memory_type, m.tags, m.importance, m.occurred_at, m.created_at";
    private static final String FILTERS = """
             m.project = ? AND m.state = ANY(?)
              AND (cardinality(CAST(? AS text[])) = 0 OR m.memory_type = ANY(CAST(? AS text[])))
              AND (cardinality(CAST(? AS text[])) = 0 OR m.tags && CAST(? AS text[]))
              AND (cardinality(CAST(? AS text[])) = 0 OR m.tags @> CAST(? AS text[]))
              AND (CAST(? AS timestamptz) IS NULL OR m.occurred_at >= ?)
              AND (CAST(? AS timestamptz) IS NULL OR m.occurred_at < ?)
              AND (CAST(? AS jsonb) IS NULL OR m.metadata @> CAST(? AS jsonb))
            """;
    private static final int MAX_EF_SEARCH = 1000;
    /** The query's terms, any of them: what {@code ts_rank_cd} ranks by (cover density, which for OR is how often they occur). */
    private static final String ANY_TERM = """
            WITH any_term AS (SELECT to_tsquery('simple', string_agg(quote_literal(lexeme), ' | ')) AS query
                              FROM (SELECT DISTINCT lexeme FROM unnest(to_tsvector('english', ?))) q)
            """;
    /**
     * ts_rank_cd is a float4; as float8 its value reads the same whether the driver fetched it as text or, once a
     * statement is server-prepared, in binary, so equal ranks compare equal in Java.
     */
    private static final String RANKED_BY_COVER_DENSITY = """
            SELECT matches.*, CAST(ts_rank_cd(matches.content_tsv, any_term.query) AS float8) AS score FROM matches, any_term
            ORDER BY score DESC, matches.created_at DESC LIMIT ?
            """;

    private final JdbcTemplate jdbc;
    private final int dimension;

    RecallStore(JdbcTemplate jdbc, EmbeddingClient embeddings) {
        this.jdbc = jdbc;
        this.dimension = embeddings.model().dimension();
    }

    /** A memory a retriever returned, with that retriever's score. */
    record Candidate(UUID id, String content, MemoryType memoryType, List<String> tags, double importance,
                     java.time.Instant occurredAt, java.time.Instant createdAt, double score) {
    }

    record CorpusStatistics(long documents, double averageLength) {
    }

    /**
     * Nearest neighbours by cosine distance. The HNSW search settings are set on the connection right before the query
     * (every recall sets both, so a pooled connection never carries another caller's values), which spares recall a
     * transaction and its round trips.
     */
    List<Candidate> nearest(String project, float[] query, RecallFilters filters, int limit) {
        int efSearch = Math.min(MAX_EF_SEARCH, Math.max(40, limit * 2));
        // pgvector 0.8: with filters, keep scanning the graph until enough rows pass them instead of returning too few.
        String iterativeScan = filters.isSelective() ? "relaxed_order" : "off";
        return jdbc.execute((Connection con) -> {
            try (PreparedStatement settings = con.prepareStatement("SELECT set_config('hnsw.ef_search', ?, false), set_config('hnsw.iterative_scan', ?, false)")) {
                settings.setString(1, Integer.toString(efSearch));
                settings.setString(2, iterativeScan);
                settings.executeQuery().close();
            }
            try (PreparedStatement ps = con.prepareStatement("SELECT " + COLUMNS + ", 1 - (m.embedding <=> ?) AS score FROM memories m"
                    + " WHERE m.embedding IS NOT NULL AND " + FILTERS
                    + " ORDER BY " + VectorIndex.approximateDistance("m.embedding", "?", dimension) + " LIMIT ?")) {
                PGvector vector = new PGvector(query);
                ps.setObject(1, vector);
                int next = bindFilters(con, ps, 2, project, filters);
                ps.setObject(next++, vector);
                ps.setInt(next, limit);
                List<Candidate> candidates = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(candidate(rs));
                    }
                }
                // The index orders by half-precision distances; ranks follow the exact similarity.
                candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
                return candidates;
            }
        });
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
                SELECT c.reltuples, c.relpages, pg_relation_size(c.oid) / current_setting('block_size')::float8 AS pages,
                       CAST(CAST(s.most_common_elems AS text) AS text[]) AS lexemes, s.most_common_elem_freqs AS shares
                FROM pg_class c
                LEFT JOIN pg_stats s ON s.schemaname = CAST(c.relnamespace::regnamespace AS text) AND s.tablename = c.relname
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
            double rows = relpages > 0 ? rs.getDouble("reltuples") / relpages * Math.max(rs.getDouble("pages"), relpages) : rs.getDouble("reltuples");
            return new TermStatistics(rows, frequencies, rarest / 2);
        });
    }

    /** Full-text candidates: every memory sharing at least one stemmed term with the query, best first by {@code ts_rank_cd}. */
    List<Candidate> fullText(String project, String query, RecallFilters filters, int limit) {
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(ANY_TERM + """
                    , matches AS (SELECT %s, m.content_tsv FROM memories m, any_term
                                  WHERE m.content_tsv @@ any_term.query AND %s)
                    """.formatted(COLUMNS, FILTERS) + RANKED_BY_COVER_DENSITY);
            ps.setString(1, query);
            int next = bindFilters(con, ps, 2, project, filters);
            ps.setInt(next, limit);
            return ps;
        }, (rs, row) -> candidate(rs));
    }

    /**
     * Full-text candidates gathered tier by tier ({@link TermTiers}): up to {@code limit} memories from the strictest
     * tiers that have any, ranked by {@code ts_rank_cd} over the any-term query exactly as {@link #fullText} ranks.
     * A tier's query runs only while the tiers before it found fewer than {@code limit}.
     */
    List<Candidate> fullTextByTiers(String project, String query, List<String> tiers, RecallFilters filters, int limit) {
        return jdbc.query(con -> {
            // The nested loop keeps the order of the tiers (ordinality), so the LIMIT stops it at the first tiers that suffice.
            PreparedStatement ps = con.prepareStatement(ANY_TERM + """
                    , tiers AS (SELECT t.tier, CAST(t.query AS tsquery) AS query
                                FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS t(query, tier)),
                      matches AS (SELECT c.* FROM tiers CROSS JOIN LATERAL (
                                      SELECT %s, m.content_tsv FROM memories m WHERE m.content_tsv @@ tiers.query AND %s) c
                                  ORDER BY tiers.tier LIMIT ?)
                    """.formatted(COLUMNS, FILTERS) + RANKED_BY_COVER_DENSITY);
            ps.setString(1, query);
            ps.setArray(2, con.createArrayOf("text", tiers.toArray()));
            int next = bindFilters(con, ps, 3, project, filters);
            ps.setInt(next++, limit);
            ps.setInt(next, limit);
            return ps;
        }, (rs, row) -> candidate(rs));
    }

    /**
     * Full-text candidates ranked by BM25, computed from the tsvectors' own term frequencies and the document
     * frequencies counted over every match, so its cost grows with the matches.
     */
    List<Candidate> fullTextBm25(String project, String query, RecallFilters filters, int limit, RecallProperties settings,
                                 CorpusStatistics statistics) {
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    WITH q AS (SELECT DISTINCT lexeme FROM unnest(to_tsvector('english', ?))),
                         any_term AS (SELECT to_tsquery('simple', string_agg(quote_literal(lexeme), ' | ')) AS query FROM q),
                         matches AS (SELECT %s, m.content_tsv FROM memories m, any_term
                                     WHERE m.content_tsv @@ any_term.query AND %s),
                         terms AS (SELECT mt.id, t.lexeme, coalesce(array_length(t.positions, 1), 1) AS tf, length(mt.content_tsv) AS dl
                                   FROM matches mt, unnest(mt.content_tsv) t WHERE t.lexeme IN (SELECT lexeme FROM q)),
                         idf AS (SELECT lexeme, ln(1 + (CAST(? AS float8) - count(*) + 0.5) / (count(*) + 0.5)) AS idf
                                 FROM terms GROUP BY lexeme),
                         scores AS (SELECT terms.id, sum(idf.idf * terms.tf * (? + 1) / (terms.tf + ? * (1 - ? + ? * terms.dl / ?))) AS score
                                    FROM terms JOIN idf USING (lexeme) GROUP BY terms.id)
                    SELECT matches.*, scores.score FROM matches JOIN scores USING (id)
                    ORDER BY scores.score DESC, matches.created_at DESC LIMIT ?
                    """.formatted(COLUMNS, FILTERS));
            ps.setString(1, query);
            int next = bindFilters(con, ps, 2, project, filters);
            // Documents that match no query term still count for IDF, so N is the whole filtered corpus.
            ps.setDouble(next++, Math.max(statistics.documents(), 1));
            ps.setDouble(next++, settings.bm25K1());
            ps.setDouble(next++, settings.bm25K1());
            ps.setDouble(next++, settings.bm25B());
            ps.setDouble(next++, settings.bm25B());
            ps.setDouble(next++, Math.max(statistics.averageLength(), 1.0));
            ps.setInt(next, limit);
            return ps;
        }, (rs, row) -> candidate(rs));
    }

    CorpusStatistics statistics(String project) {
        return jdbc.queryForObject("SELECT count(*), coalesce(avg(length(content_tsv)), 0) FROM memories WHERE project = ? AND state = 'active'",
                (rs, row) -> new CorpusStatistics(rs.getLong(1), rs.getDouble(2)), project);
    }

    private static int bindFilters(Connection con, PreparedStatement ps, int index, String project, RecallFilters filters) throws SQLException {
        int i = index;
        ps.setString(i++, project);
        ps.setArray(i++, con.createArrayOf("text", filters.includeSuperseded() ? new String[] {"active", "superseded"} : new String[] {"active"}));
        Array types = con.createArrayOf("text", filters.memoryTypes().stream().map(MemoryType::wireName).toArray());
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
        return i;
    }

    private static Candidate candidate(ResultSet rs) throws SQLException {
        Array tags = rs.getArray("tags");
        return new Candidate(rs.getObject("id", UUID.class), rs.getString("content"),
                MemoryType.fromWireName("memory_type", rs.getString("memory_type")),
                tags == null ? List.of() : new ArrayList<>(Arrays.asList((String[]) tags.getArray())),
                rs.getDouble("importance"), rs.getTimestamp("occurred_at").toInstant(), rs.getTimestamp("created_at").toInstant(),
                rs.getDouble("score"));
    }
}
