package dev.athena.gateway.replicas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The streaming replica that {@code scripts/setup-replica.sh} runs on port 5433 (test.sh starts it), holding the test
 * database under the same name as the primary. Tests that need it are skipped when it does not answer as a standby.
 */
final class TestReplica {

    private TestReplica() {}

    static String primaryUrl() {
        return env("ATHENA_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/athena_test");
    }

    /** {@code ATHENA_TEST_REPLICA_URL}, or the test database's URL with the replica's port. */
    static String url() {
        return env("ATHENA_TEST_REPLICA_URL", primaryUrl().replaceFirst(":5432/", ":5433/"));
    }

    static void assumeStreaming() {
        Assumptions.assumeTrue(
                "local".equalsIgnoreCase(env("ATHENA_TEST_DB", "local")),
                "read replica tests need the local PostgreSQL (ATHENA_TEST_DB=local) and its replica on port 5433");
        String state;
        try {
            state = superuser().queryForObject("SELECT pg_is_in_recovery()::text", String.class);
        } catch (RuntimeException e) {
            state = "unreachable (" + e.getMessage() + ")";
        }
        Assumptions.assumeTrue(
                "true".equals(state),
                "no streaming read replica at " + url() + ": " + state
                        + "; run scripts/setup-replica.sh (test.sh does) to run these tests");
    }

    /** The replica as the postgres superuser, who may pause and resume replay (trust authentication on this host). */
    static JdbcTemplate superuser() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                url() + (url().contains("?") ? "&" : "?") + "connectTimeout=2", "postgres", "");
        return new JdbcTemplate(dataSource);
    }

    static void pauseReplay() {
        superuser().execute("SELECT pg_wal_replay_pause()");
    }

    static void resumeReplay() {
        superuser().execute("SELECT pg_wal_replay_resume()");
    }

    static void stop() {
        script("--stop");
    }

    static void start() {
        script();
    }

    private static void script(String... arguments) {
        Path script = repositoryRoot().resolve("scripts/setup-replica.sh");
        String[] command = new String[arguments.length + 2];
        command[0] = "bash";
        command[1] = script.toString();
        System.arraycopy(arguments, 0, command, 2, arguments.length);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("scripts/setup-replica.sh " + String.join(" ", arguments) + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("scripts/setup-replica.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "scripts/setup-replica.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
