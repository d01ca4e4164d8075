package dev.athena.memory.testing;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
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
        jdbc.execute("TRUNCATE memories CASCADE");
    }
}
