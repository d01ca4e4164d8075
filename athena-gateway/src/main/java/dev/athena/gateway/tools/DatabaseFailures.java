package dev.athena.gateway.tools;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells "the database is unavailable" (answer 503 and let the caller retry) from every other failure (a bug: 500).
 * Spring, Hibernate, Hikari and the PostgreSQL driver each wrap the same outage differently, so the whole cause chain
 * is searched.
 */
public final class DatabaseFailures {

    /** SQLSTATE class 08 (connection exception) and the "server is shutting down / starting up" states. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");

    /** What Hikari's proxy of a connection it has closed (evicted after a fatal error) answers to every call. */
    private static final String POOL_CLOSED_CONNECTION = "Connection is closed";

    private DatabaseFailures() {}

    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException // includes CannotGetJdbcConnectionException
                    || cause instanceof CannotCreateTransactionException
                    || cause
                            instanceof
                            SQLTransientConnectionException // Hikari: connection is not available, request timed out
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || UNAVAILABLE_STATES.contains(sql.getSQLState()))) {
                return true;
            }
            // Hikari's "Connection is closed" carries no SQLState; the driver's broken socket below it tells.
            if (cause instanceof SQLException && hasIoCause(cause)) {
                return true;
            }
            // A rollback on a connection the pool already closed because it broke: the transaction template throws
            // the rollback's failure and drops the original one, so the closed connection is all that is left.
            if (cause instanceof SQLException sql
                    && sql.getSQLState() == null
                    && POOL_CLOSED_CONNECTION.equals(sql.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasIoCause(Throwable failure) {
        for (Throwable cause = failure.getCause();
                cause != null;
                cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
