package dev.athena.memory;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
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
 * Counts how often memories are recalled without writing on the recall path: recall only bumps in-memory counters, and
 * one statement every {@code athena.memory.access-flush-interval} adds them to {@code memory_access}, a narrow table of
 * their own (updating them in {@code memories} rewrote each row, vector and index entries included). A crash loses at
 * most one interval of statistics, never a memory.
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
                // In id order, so that gateways flushing at the same time lock rows in the same order. A memory purged
                // since it was recalled has nothing left to count.
                PreparedStatement ps = con.prepareStatement("""
                        INSERT INTO memory_access AS a (memory_id, access_count, last_accessed_at)
                        SELECT h.id, h.hits, ? FROM unnest(?::uuid[], ?::bigint[]) AS h(id, hits)
                        WHERE EXISTS (SELECT 1 FROM memories m WHERE m.id = h.id)
                        ORDER BY h.id
                        ON CONFLICT (memory_id) DO UPDATE
                        SET access_count = a.access_count + EXCLUDED.access_count, last_accessed_at =
                            EXCLUDED.last_accessed_at
                        """);
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                ps.setArray(2, con.createArrayOf("uuid", counts.keySet().toArray()));
                ps.setArray(3, con.createArrayOf("bigint", counts.values().toArray()));
                return ps;
            });
        } catch (RuntimeException e) {
            // Statistics are best effort; put the counts back so the next flush retries them.
            counts.forEach((id, hits) ->
                    pending.computeIfAbsent(id, key -> new LongAdder()).add(hits));
            log.warn("could not write access statistics for {} memories: {}", counts.size(), e.getMessage());
        }
    }
}
