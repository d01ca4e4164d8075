package dev.athena.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import dev.athena.memory.MemoryValidationException;
import jakarta.persistence.PersistenceException;
import org.hibernate.TransactionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

class ToolOutcomeTests {

    @Test
    void clientMistakesAreFourHundreds() {
        assertThat(ToolOutcome.of(new InvalidParametersException("k", "must be at least 1")))
                .isEqualTo(ToolOutcome.INVALID);
        assertThat(ToolOutcome.of(new MemoryValidationException("content", "must not be empty")))
                .isEqualTo(ToolOutcome.INVALID);
        assertThat(ToolOutcome.of(new ProjectAccessDeniedException("no"))).isEqualTo(ToolOutcome.FORBIDDEN);
        assertThat(ToolOutcome.of(new UnknownToolException("teleport"))).isEqualTo(ToolOutcome.NOT_FOUND);
        assertThat(ToolOutcome.of(new NotFoundException("no memory 42"))).isEqualTo(ToolOutcome.NOT_FOUND);
        assertThat(ToolOutcome.INVALID.status()).isEqualTo(400);
        assertThat(ToolOutcome.NOT_FOUND.tag()).isEqualTo("not_found");
    }

    @Test
    void anUnavailableDatabaseIsA503HoweverItIsWrapped() {
        var hikariTimeout = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 3000ms");

        assertThat(ToolOutcome.of(new CannotGetJdbcConnectionException("no connection", hikariTimeout)))
                .isEqualTo(ToolOutcome.UNAVAILABLE);
        assertThat(ToolOutcome.of(new CannotCreateTransactionException(
                        "could not open JPA EntityManager", new PersistenceException(hikariTimeout))))
                .isEqualTo(ToolOutcome.UNAVAILABLE);
        assertThat(ToolOutcome.of(new PersistenceException(new SQLException("connection refused", "08001"))))
                .isEqualTo(ToolOutcome.UNAVAILABLE);
        assertThat(ToolOutcome.of(
                        new PersistenceException(new SQLException("the database system is starting up", "57P03"))))
                .isEqualTo(ToolOutcome.UNAVAILABLE);
        assertThat(ToolOutcome.UNAVAILABLE.status()).isEqualTo(503);
    }

    @Test
    void aRollbackOnAConnectionThePoolClosedAfterItBrokeIsA503() {
        // What TransactionTemplate throws when the connection died mid-transaction: the rollback's failure, without
        // the I/O error that came first (seen under load while the database went away).
        var rollbackFailed = new JpaSystemException(new TransactionException(
                "Unable to rollback against JDBC Connection", new SQLException("Connection is closed")));

        assertThat(ToolOutcome.of(rollbackFailed)).isEqualTo(ToolOutcome.UNAVAILABLE);
        assertThat(ToolOutcome.of(new JpaSystemException(new TransactionException(
                        "Unable to rollback", new SQLException("Connection is closed", "XX000")))))
                .isEqualTo(ToolOutcome.ERROR);
    }

    @Test
    void everythingElseIsAServerError() {
        assertThat(ToolOutcome.of(
                        new DataIntegrityViolationException("duplicate key", new SQLException("dup", "23505"))))
                .isEqualTo(ToolOutcome.ERROR);
        assertThat(ToolOutcome.of(new IllegalStateException("bug"))).isEqualTo(ToolOutcome.ERROR);
        assertThat(ToolOutcome.ERROR.status()).isEqualTo(500);
    }
}
