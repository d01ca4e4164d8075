package dev.athena.gateway.health;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Asks the database over a connection of its own, outside the pool: when every pooled connection is busy with tool
 * calls the database is fine, and a health check that waited for one would time out and call it down.
 */
final class DatabaseProbe implements AutoCloseable {

    private static final int TIMEOUT_SECONDS = 2;

    private final DataSource pool;
    private Connection connection;

    DatabaseProbe(DataSource pool) {
        this.pool = pool;
    }

    /**
     * Throws when the database does not answer {@code SELECT 1} within the timeout. When the own connection cannot be
     * opened (the server may have no connection slot left while the pool's connections work) a pooled one is asked.
     */
    synchronized void check() throws SQLException {
        if (connection == null || !connection.isValid(TIMEOUT_SECONDS)) {
            close();
            try {
                connection = open();
            } catch (SQLException refused) {
                try (Connection pooled = pool.getConnection()) {
                    selectOne(pooled);
                    return;
                }
            }
        }
        try {
            selectOne(connection);
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    private static void selectOne(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            statement.execute("SELECT 1");
        }
    }

    private Connection open() throws SQLException {
        if (!pool.isWrapperFor(HikariDataSource.class)) {
            return pool.getConnection();
        }
        HikariDataSource hikari = pool.unwrap(HikariDataSource.class);
        Properties properties = new Properties();
        if (hikari.getUsername() != null) {
            properties.setProperty("user", hikari.getUsername());
        }
        if (hikari.getPassword() != null) {
            properties.setProperty("password", hikari.getPassword());
        }
        properties.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(TIMEOUT_SECONDS * 2));
        properties.setProperty("ApplicationName", "athena-health");
        return DriverManager.getConnection(hikari.getJdbcUrl(), properties);
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a broken connection is dropped either way
            }
            connection = null;
        }
    }
}
