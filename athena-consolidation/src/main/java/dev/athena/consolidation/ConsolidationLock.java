package dev.athena.consolidation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/**
 * A PostgreSQL advisory lock per project, held on its own connection for the whole run, so that of several gateway
 * instances sharing a database only one consolidates a project at a time. The lock dies with its connection: a crashed
 * instance never leaves a project locked.
 */
@Component
class ConsolidationLock {

    private final DataSource dataSource;

    ConsolidationLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs the work while holding the project's lock.
     *
     * @return the work's result, or {@code otherwise} when another session holds the lock
     */
    <T> T runExclusively(String project, Supplier<T> work, Supplier<T> otherwise) {
        try (Connection connection = dataSource.getConnection()) {
            if (!call(connection, "SELECT pg_try_advisory_lock(hashtextextended(?, 0))", project)) {
                return otherwise.get();
            }
            try {
                return work.get();
            } finally {
                call(connection, "SELECT pg_advisory_unlock(hashtextextended(?, 0))", project);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not take the consolidation lock for project " + project + ": " + e.getMessage(), e);
        }
    }

    private static boolean call(Connection connection, String sql, String project) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "athena.consolidation:" + project);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
