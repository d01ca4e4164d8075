package dev.athena.memory;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts how often memories are recalled without writing on the recall path: recall only bumps in-memory counters,
 * and one statement every {@code athena.memory.access-flush-interval} adds them to the rows. A crash loses at most
 * one interval of statistics, never a memory.
 */
@Component
class AccessRecorder {

    private static final Logger log = LoggerFactory.getLogger(AccessRecorder.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ConcurrentHashMap<UUID, LongAdder> pending = new ConcurrentHashMap<>();

    AccessRecorder(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void recordAccess(Collection<UUID> ids) {
        for (UUID id : ids) {
            pending.computeIfAbsent(id, key -> new LongAdder()).increment();
        }
    }

    @Scheduled(fixedDelayString = "${athena.memory.access-flush-interval:1s}")
    @PreDestroy
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<UUID, Long> counts = new HashMap<>();
        for (UUID id : pending.keySet()) {
            LongAdder adder = pending.remove(id);
            if (adder != null) {
                counts.put(id, adder.sum());
            }
        }
        try {
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement("""
                        UPDATE memories m SET access_count = m.access_count + a.hits, last_accessed_at = ?
                        FROM unnest(?::uuid[], ?::bigint[]) AS a(id, hits) WHERE m.id = a.id
                        """);
                ps.setTimestamp(1, java.sql.Timestamp.from(clock.instant()));
                ps.setArray(2, con.createArrayOf("uuid", counts.keySet().toArray()));
                ps.setArray(3, con.createArrayOf("bigint", counts.values().toArray()));
                return ps;
            });
        } catch (RuntimeException e) {
            // Statistics are best effort; put the counts back so the next flush retries them.
            counts.forEach((id, hits) -> pending.computeIfAbsent(id, key -> new LongAdder()).add(hits));
            log.warn("could not write access statistics for {} memories: {}", counts.size(), e.getMessage());
        }
    }
}
