package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import javax.sql.DataSource;

import dev.athena.memory.HnswSearchSettings.IterativeScan;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The search statements of a batch from {@link HnswSearchSettings} run with the batch's settings at every execution on
 * a connection, also with timestamp parameters, which the driver sends without a type: a server-prepared batch with
 * such a parameter ran its search outside the settings' transaction from the sixth execution on.
 */
@SpringBootTest
class HnswSearchSettingsIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void theSearchSeesItsSettingsAtEveryExecutionAlsoWithParametersTheDriverSendsWithoutAType() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            for (int execution = 1; execution <= 12; execution++) {
                try (PreparedStatement batch = HnswSearchSettings.prepare(
                        connection,
                        IterativeScan.RELAXED_ORDER,
                        "SELECT current_setting('hnsw.ef_search'), current_setting('hnsw.iterative_scan')"
                                + " WHERE CAST(? AS timestamptz) IS NULL OR now() >= ?")) {
                    batch.setString(1, "123");
                    batch.setTimestamp(2, execution % 2 == 0 ? null : new Timestamp(0));
                    batch.setTimestamp(3, execution % 2 == 0 ? null : new Timestamp(0));
                    batch.execute();
                    assertThat(batch.getMoreResults()).isTrue();
                    try (ResultSet search = batch.getResultSet()) {
                        assertThat(search.next()).isTrue();
                        assertThat(search.getString(1))
                                .as("ef_search at execution %d", execution)
                                .isEqualTo("123");
                        assertThat(search.getString(2)).isEqualTo("relaxed_order");
                    }
                }
            }
        }
    }
}
