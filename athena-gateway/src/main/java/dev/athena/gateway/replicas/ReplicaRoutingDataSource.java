package dev.athena.gateway.replicas;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's DataSource when replicas are configured: the primary's pool, except for a thread inside a read that
 * {@link ReplicaRouting} sent to a replica. Unwrapping (pool metrics, the health probe) reaches the primary's pool.
 */
final class ReplicaRoutingDataSource extends DelegatingDataSource implements AutoCloseable {

    ReplicaRoutingDataSource(DataSource primary) {
        super(primary);
    }

    @Override
    public Connection getConnection() throws SQLException {
        DataSource replica = ReadTarget.current();
        return replica != null ? replica.getConnection() : super.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        DataSource replica = ReadTarget.current();
        return replica != null ? replica.getConnection(username, password) : super.getConnection(username, password);
    }

    /** Closes the primary's pool: this wrapper is the bean now, so the pool's own close is no longer found on it. */
    @Override
    public void close() throws Exception {
        if (getTargetDataSource() instanceof AutoCloseable pool) {
            pool.close();
        }
    }
}
