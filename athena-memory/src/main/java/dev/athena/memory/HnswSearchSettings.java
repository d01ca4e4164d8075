package dev.athena.memory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.postgresql.PGStatement;

/**
 * pgvector's search settings sent in the same statement batch as the HNSW search they are for. The settings are scoped
 * to the transaction ({@code is_local}) and the statements of one batch run in one implicit transaction, so they never
 * leak to another caller of a pooled connection (nor through a transaction-mode pooler such as PgBouncer), and setting
 * them costs no round trip of its own. The batch's first result is the settings' own row.
 */
final class HnswSearchSettings {

    /** How far the graph scan goes on when rows fail the filters after the index has given its candidates. */
    enum IterativeScan {
        /** pgvector's default: at most {@code ef_search} rows, before any filter. */
        OFF("off"),
        /**
         * pgvector 0.8: the scan goes on until enough rows pass the filters, in approximately nearest-first order. When
         * most rows pass, it stops as early as a plain scan.
         */
        RELAXED_ORDER("relaxed_order");

        private final String setting;

        IterativeScan(String setting) {
            this.setting = setting;
        }
    }

    private HnswSearchSettings() {}

    /**
     * A batch of the settings followed by {@code searchStatements}; its first parameter is {@code hnsw.ef_search}, as
     * text (bind it with {@link PreparedStatement#setString}), and the search's parameters follow.
     *
     * <p>The batch is never prepared on the server. The driver prepares a statement on the server from its fifth
     * execution on a connection (pgjdbc's {@code prepareThreshold}). When the search binds a parameter the driver sends
     * without a type (pgjdbc sends every timestamp so, and recall's filters have four), the search statement of a
     * server-prepared batch then ran outside the settings' transaction: from the sixth execution on, a
     * {@code current_setting('hnsw.ef_search')} inside the search read the database's default (40), and the scan
     * returned at most 40 rows, fewer after the filters. The same batch with text-typed parameters kept its settings.
     * Measured with recall's statement on 100,000 memories embedded by the in-process model: recall@50 of the exact
     * neighbours 0.545 at every {@code ef_search}, against 0.724 at 100 and 0.891 at 400 unprepared. The price is the
     * planning of the batch at every execution: about 0.6 ms of the database's time for recall's.
     */
    static PreparedStatement prepare(Connection connection, IterativeScan scan, String searchStatements)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT set_config('hnsw.ef_search', ?, true),"
                + " set_config('hnsw.iterative_scan', '" + scan.setting + "', true);\n" + searchStatements);
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        return statement;
    }
}
