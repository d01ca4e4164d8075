package dev.athena.memory.testing;

import java.util.Locale;

import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Where integration tests find PostgreSQL + pgvector. One switch, the environment variable {@code ATHENA_TEST_DB}:
 *
 * <ul>
 *   <li>{@code local} (default): the database at {@code ATHENA_TEST_DB_URL}, by default
 *       {@code jdbc:postgresql://127.0.0.1:5432/athena_test} as user {@code athena}, which
 *       {@code scripts/setup-postgres.sh} prepares;
 *   <li>{@code testcontainers}: a throw-away {@code pgvector/pgvector} container; the tests are skipped, not failed,
 *       when no Docker engine answers.
 * </ul>
 */
public final class TestDatabase {

    static final String IMAGE = "pgvector/pgvector:0.8.0-pg17";
    private static PostgreSQLContainer container;

    private TestDatabase() {}

    public static void register(DynamicPropertyRegistry registry) {
        String mode = env("ATHENA_TEST_DB", "local").toLowerCase(Locale.ROOT);
        switch (mode) {
            case "local" -> {
                registry.add(
                        "spring.datasource.url",
                        () -> env("ATHENA_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/athena_test"));
                registry.add("spring.datasource.username", () -> env("ATHENA_TEST_DB_USER", "athena"));
                registry.add("spring.datasource.password", () -> env("ATHENA_TEST_DB_PASSWORD", "athena"));
            }
            case "testcontainers" -> {
                PostgreSQLContainer postgres = startedContainer();
                registry.add("spring.datasource.url", postgres::getJdbcUrl);
                registry.add("spring.datasource.username", postgres::getUsername);
                registry.add("spring.datasource.password", postgres::getPassword);
            }
            default ->
                throw new IllegalArgumentException(
                        "ATHENA_TEST_DB must be 'local' or 'testcontainers', was '" + mode + "'");
        }
    }

    private static synchronized PostgreSQLContainer startedContainer() {
        if (container == null) {
            Assumptions.assumeTrue(
                    DockerClientFactory.instance().isDockerAvailable(),
                    "ATHENA_TEST_DB=testcontainers but no Docker engine is available: skipping database tests");
            container = new PostgreSQLContainer(DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("postgres"));
            container.start();
        }
        return container;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
