package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;

import com.pgvector.PGvector;
import dev.athena.memory.RecallQueries.Candidate;
import dev.athena.memory.RecallQueries.VectorSearch;
import dev.athena.memory.testing.Cosine;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import dev.athena.memory.testing.RandomVectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The exact vector search returns the project's true nearest neighbours, best first by full-precision similarity, and
 * applies recall's filters; the graph search agrees with it where the graph is small enough to be exact.
 */
@SpringBootTest
class ExactVectorSearchIntegrationTests extends DatabaseIntegrationTest {

    private static final int DIMENSION = 384;

    @Autowired
    RecallQueries store;

    @Autowired
    RecallProperties settings;

    @Autowired
    DataSource dataSource;

    private final Random random = new Random(7);
    private final List<Stored> small = new ArrayList<>();

    private record Stored(UUID id, float[] vector, boolean tagged, String state) {}

    @BeforeEach
    void twoProjects() {
        for (int i = 0; i < 60; i++) {
            small.add(store("small", i % 3 == 0, i % 10 == 9 ? "forgotten" : "active"));
        }
        for (int i = 0; i < 300; i++) {
            store("large", false, "active");
        }
        jdbc.execute("ANALYZE memories");
    }

    @Test
    void findsTheProjectsTrueNearestNeighboursBestFirst() {
        float[] query = randomVector();

        List<Candidate> nearest = store.nearest("small", query, RecallFilters.NONE, 10, VectorSearch.EXACT);

        assertThat(nearest).extracting(Candidate::id).containsExactlyElementsOf(expected(query, false, 10));
        assertThat(nearest)
                .isSortedAccordingTo(
                        Comparator.comparingDouble(Candidate::score).reversed());
        assertThat(nearest.get(0).score())
                .isCloseTo(
                        Cosine.similarity(query, vectorOf(nearest.get(0).id())),
                        org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void appliesRecallsFilters() {
        float[] query = randomVector();
        RecallFilters tagged =
                new RecallFilters(List.of(), List.of("tagged"), List.of(), null, null, java.util.Map.of(), false);

        List<Candidate> nearest = store.nearest("small", query, tagged, 50, VectorSearch.EXACT);

        assertThat(nearest).extracting(Candidate::id).containsExactlyElementsOf(expected(query, true, 50));
    }

    @Test
    void theGraphSearchKeepsItsSettingsOnceTheDriverPreparesItOnTheServer() throws SQLException {
        // The driver prepares a statement on the server from its fifth execution on a connection. With the search
        // settings lost, pgvector's defaults (ef_search 40, no iterative scan) reach only the few of this project's
        // memories among the whole table's 40 nearest; with them, the scan goes on until 50 of its memories are found.
        // One connection, on which the planner is kept from the sequential scan a table this small would get.
        float[] query = randomVector();
        try (Connection connection = dataSource.getConnection()) {
            try (Statement session = connection.createStatement()) {
                session.execute("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off");
            }
            try {
                RecallQueries onOneConnection = new RecallQueries(
                        new JdbcTemplate(new SingleConnectionDataSource(connection, true)),
                        new VectorIndex(DIMENSION),
                        settings);
                for (int execution = 1; execution <= 12; execution++) {
                    assertThat(onOneConnection.nearest("small", query, RecallFilters.NONE, 50, VectorSearch.GRAPH))
                            .as("execution %d", execution)
                            .hasSize(50);
                }
            } finally {
                try (Statement session = connection.createStatement()) {
                    session.execute("RESET enable_seqscan; RESET enable_bitmapscan; RESET enable_sort");
                }
            }
        }
    }

    @Test
    void agreesWithTheGraphSearchOnASmallTable() {
        float[] query = randomVector();

        List<UUID> exact = store.nearest("small", query, RecallFilters.NONE, 5, VectorSearch.EXACT).stream()
                .map(Candidate::id)
                .toList();
        List<UUID> graph = store.nearest("small", query, RecallFilters.NONE, 5, VectorSearch.GRAPH).stream()
                .map(Candidate::id)
                .toList();

        assertThat(graph).containsExactlyElementsOf(exact);
    }

    @Test
    void fetchesTheIndexsHitsBesideTheExactNeighboursInOneRoundTrip() {
        float[] query = randomVector();
        Stored hit = small.get(3);

        RecallQueries.Retrieval retrieval = store.retrieve(
                "small", query, List.of(new TextHit(hit.id(), 2.5)), RecallFilters.NONE, 10, VectorSearch.EXACT);

        assertThat(retrieval.nearest()).extracting(Candidate::id).containsExactlyElementsOf(expected(query, false, 10));
        assertThat(retrieval.text()).singleElement().satisfies(candidate -> {
            assertThat(candidate.id()).isEqualTo(hit.id());
            assertThat(candidate.score()).isEqualTo(2.5);
        });
    }

    /** The active memories of the small project (tagged ones only, if asked), nearest first, computed here. */
    private List<UUID> expected(float[] query, boolean taggedOnly, int limit) {
        return small.stream()
                .filter(s -> s.state().equals("active") && (!taggedOnly || s.tagged()))
                .sorted(Comparator.comparingDouble((Stored s) -> Cosine.similarity(query, s.vector()))
                        .reversed())
                .limit(limit)
                .map(Stored::id)
                .toList();
    }

    private Stored store(String project, boolean tagged, String state) {
        UUID id = UUID.randomUUID();
        float[] vector = randomVector();
        jdbc.update(
                """
                INSERT INTO memories (id, project, memory_type, content, content_hash, tags, state, embedding,
                                      embedding_model)
                VALUES (?, ?, 'fact', ?, md5(?), ?, ?, ?, 'test')
                """,
                id,
                project,
                "memory " + id,
                "memory " + id,
                tagged ? new String[] {"tagged"} : new String[0],
                state,
                new PGvector(vector));
        return new Stored(id, vector, tagged, state);
    }

    private float[] vectorOf(UUID id) {
        return small.stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow()
                .vector();
    }

    private float[] randomVector() {
        return RandomVectors.gaussian(random, DIMENSION);
    }
}
