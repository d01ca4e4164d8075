package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;

import com.pgvector.PGvector;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import dev.athena.memory.testing.RandomVectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * remember's near-duplicate search takes its {@value MemoryWrites#NEAR_DUPLICATE_CANDIDATES} candidates from the HNSW
 * index whatever {@code hnsw.ef_search} the database or the session defaults to, also once the driver prepares its
 * statement on the server. (Unlike recall's, this statement binds no parameter the driver sends without a type, so it
 * did not lose its settings when server-prepared; see {@link HnswSearchSettingsIntegrationTests}. It is kept from being
 * server-prepared all the same, by the same helper as recall's.)
 */
@SpringBootTest
class NearDuplicateSearchSettingsIntegrationTests extends DatabaseIntegrationTest {

    private static final int DIMENSION = 384;
    private static final int CLOSER_MEMORIES_OF_ANOTHER_PROJECT = 10;

    @Autowired
    DataSource dataSource;

    private final Random random = new Random(11);
    private final float[] query = randomVector();
    private UUID nearDuplicate;

    @BeforeEach
    void aNearDuplicateBehindCloserMemoriesOfAnotherProject() {
        for (int i = 0; i < CLOSER_MEMORIES_OF_ANOTHER_PROJECT; i++) {
            store("other", near(query, 0.001));
        }
        for (int i = 0; i < 100; i++) {
            store("other", randomVector());
        }
        nearDuplicate = store("mine", near(query, 0.01));
        jdbc.execute("ANALYZE memories");
    }

    @Test
    void findsTheNearDuplicateOnASessionThatDefaultsToTheSmallestSearchAtEveryExecution() throws SQLException {
        // ef_search 1 leaves a single candidate, another project's: only the search's own setting reaches this
        // project's memory (checked: with the setting sent as 1, the first execution finds none). One connection, on
        // which the planner is kept from the sequential scan a table this small would get, and on which the driver
        // would prepare the statement on the server from its fifth execution.
        try (Connection connection = dataSource.getConnection()) {
            try (Statement session = connection.createStatement()) {
                session.execute("SET hnsw.ef_search = 1; SET enable_seqscan = off; SET enable_bitmapscan = off;"
                        + " SET enable_sort = off");
            }
            try {
                MemoryWrites onOneConnection = new MemoryWrites(
                        new JdbcTemplate(new SingleConnectionDataSource(connection, true)), new VectorIndex(DIMENSION));
                for (int execution = 1; execution <= 12; execution++) {
                    List<MemoryWrites.Neighbour> nearest =
                            onOneConnection.nearestActive("mine", List.of(query), Collections.singletonList(null));
                    assertThat(nearest)
                            .as("execution %d", execution)
                            .singleElement()
                            .isNotNull()
                            .extracting(MemoryWrites.Neighbour::id)
                            .isEqualTo(nearDuplicate);
                }
            } finally {
                try (Statement session = connection.createStatement()) {
                    session.execute(
                            "RESET hnsw.ef_search; RESET enable_seqscan; RESET enable_bitmapscan; RESET enable_sort");
                }
            }
        }
    }

    private UUID store(String project, float[] vector) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO memories (id, project, memory_type, content, content_hash, state, embedding, embedding_model)
                VALUES (?, ?, 'fact', ?, md5(?), 'active', ?, 'test')
                """, id, project, "memory " + id, "memory " + id, new PGvector(vector));
        return id;
    }

    private float[] near(float[] vector, double noise) {
        float[] near = vector.clone();
        for (int i = 0; i < near.length; i++) {
            near[i] += (float) (random.nextGaussian() * noise);
        }
        return near;
    }

    private float[] randomVector() {
        return RandomVectors.gaussian(random, DIMENSION);
    }
}
