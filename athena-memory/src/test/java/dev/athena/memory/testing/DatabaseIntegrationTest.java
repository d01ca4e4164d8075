package dev.athena.memory.testing;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Base of integration tests against the real PostgreSQL + pgvector: each test starts from empty tables. */
public abstract class DatabaseIntegrationTest {

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @BeforeEach
    void emptyTables() {
        truncate("TRUNCATE memories, episodic_events, memory_provenance CASCADE");
        // memory_history is append-only (a trigger forbids DELETE); TRUNCATE does not fire row triggers.
        truncate("TRUNCATE memory_history, event_history");
    }

    /**
     * The scheduled jobs of this test's context, and of contexts cached by other test classes, keep running on this
     * database; one of them can lock the same tables in the other order (the statistics compactor did, in a CI run),
     * and PostgreSQL then aborts the TRUNCATE as a deadlock. It is tried again.
     */
    protected void truncate(String statement) {
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.execute(statement);
                return;
            } catch (PessimisticLockingFailureException deadlock) {
                if (attempt == 5) {
                    throw deadlock;
                }
            }
        }
    }

    protected long count(String sql, Object... args) {
        Long value = jdbc.queryForObject(sql, Long.class, args);
        return value == null ? 0 : value;
    }
}
