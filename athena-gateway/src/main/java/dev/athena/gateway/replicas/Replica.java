package dev.athena.gateway.replicas;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.athena.memory.LogValues;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/** One read replica: its own connection pool, and its state as the monitor and the reads last saw it. */
final class Replica implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Replica.class);

    /** Bytes since WAL position 0; NULL unless the server is a standby in recovery. */
    private static final String REPLAY_POSITION = "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint";

    private final String name;
    private final HikariDataSource pool;
    private final JdbcTemplate jdbc;
    private final AtomicReference<ReplicaState> state = new AtomicReference<>(ReplicaState.UNCHECKED);

    private Replica(String name, HikariDataSource pool, Duration timeout) {
        this.name = name;
        this.pool = pool;
        this.jdbc = new JdbcTemplate(pool);
        this.jdbc.setQueryTimeout(Math.max(1, (int) Math.ceil(timeout.toMillis() / 1000.0)));
    }

    /** A replica whose pool opens no connection before it is used, so that a replica down at start-up stops nothing. */
    static Replica open(
            String name,
            String url,
            @Nullable String username,
            @Nullable String password,
            int poolSize,
            Duration connectTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("athena-" + name);
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
        config.setValidationTimeout(Math.max(250, connectTimeout.toMillis()));
        config.setInitializationFailTimeout(-1);
        long connectSeconds = Math.max(1, (long) Math.ceil(connectTimeout.toMillis() / 1000.0));
        config.addDataSourceProperty("connectTimeout", Long.toString(connectSeconds));
        config.addDataSourceProperty("ApplicationName", "athena-replica-reads");
        return new Replica(name, new HikariDataSource(config), connectTimeout);
    }

    String name() {
        return name;
    }

    HikariDataSource dataSource() {
        return pool;
    }

    ReplicaState state() {
        return state.get();
    }

    void update(ReplicaState checked) {
        state.set(checked);
    }

    /** Taken out of use until the next successful check: a read on it failed to reach it. */
    void markDown(String why) {
        if (state.getAndUpdate(current -> current.down(why)).usable()) {
            log.warn("read replica {} is down: {}", name, LogValues.safe(why));
        }
    }

    /**
     * Asks the replica how far it has replayed, and remembers it.
     *
     * @return the position, or -1 when the server is not a standby in recovery (promoted, or not a replica at all)
     */
    long readReplayPosition() {
        Long lsn = jdbc.queryForObject(REPLAY_POSITION, Long.class);
        if (lsn == null) {
            return -1;
        }
        state.updateAndGet(current -> current.replayedTo(lsn));
        return lsn;
    }

    @Override
    public void close() {
        pool.close();
    }
}
