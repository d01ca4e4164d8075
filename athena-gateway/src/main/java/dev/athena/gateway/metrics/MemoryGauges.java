package dev.athena.gateway.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.athena.memory.InProcessBm25;
import dev.athena.memory.MemoryCounts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Memory counts by project, type and state ({@code athena.memories}) and the pending-embedding backlog
 * ({@code athena.memories.pending.embedding}), as cached gauges (the in-process BM25 index's state is read live): a
 * scrape reads the last values, and {@link #refresh()} reads them again: the counts from the totals the database keeps
 * ({@link MemoryCounts}, not a count over the table, whose cost grows with it) and the backlog from its partial index.
 * When the database is down the last values stay.
 */
@Component
public class MemoryGauges {

    private static final Logger log = LoggerFactory.getLogger(MemoryGauges.class);
    private static final String BACKLOG = "SELECT count(*) FROM memories WHERE embedding IS NULL AND state = 'active'";

    private final JdbcTemplate jdbc;
    private final MemoryCounts memoryCounts;
    private final MultiGauge counts;
    private final AtomicLong backlog = new AtomicLong();

    MemoryGauges(JdbcTemplate jdbc, MemoryCounts memoryCounts, MeterRegistry meters, InProcessBm25 textIndex) {
        this.jdbc = jdbc;
        this.memoryCounts = memoryCounts;
        this.counts = MultiGauge.builder("athena.memories")
                .description("Memories by project, memory type and state, as of the last refresh")
                .register(meters);
        Gauge.builder("athena.memories.pending.embedding", backlog, AtomicLong::get)
                .description("Active memories still waiting for their embedding, as of the last refresh")
                .register(meters);
        // Read at each scrape: both are in memory. Ready 0 means recall runs BM25 in PostgreSQL.
        Gauge.builder("athena.recall.text.index.ready", textIndex, index -> index.ready() ? 1 : 0)
                .description("1 while the in-process BM25 index is loaded and answers recall, 0 otherwise")
                .register(meters);
        Gauge.builder("athena.recall.text.index.memories", textIndex, InProcessBm25::size)
                .description("Active memories in the in-process BM25 index, over all projects")
                .register(meters);
        Gauge.builder("athena.recall.vector.index.bytes", textIndex, InProcessBm25::vectorBytes)
                .description("Heap held by the in-process HNSW graphs and their vectors, over all projects (estimate)")
                .baseUnit("bytes")
                .register(meters);
        Gauge.builder("athena.recall.vector.index.over.limit", textIndex, index -> index.vectorsOverLimit() ? 1 : 0)
                .description("1 when the in-process HNSW graphs outgrew vectors-max-heap-share and were dropped")
                .register(meters);
    }

    /** Recomputes both gauges; a failure is logged and leaves the previous values in place. */
    public void refresh() {
        try {
            List<MultiGauge.Row<?>> rows = memoryCounts.all().stream()
                    .<MultiGauge.Row<?>>map(count -> MultiGauge.Row.of(
                            Tags.of(
                                    "project",
                                    count.project(),
                                    "memory_type",
                                    count.memoryType(),
                                    "state",
                                    count.state()),
                            count.memories()))
                    .toList();
            counts.register(rows, true);
            Long pending = jdbc.queryForObject(BACKLOG, Long.class);
            backlog.set(pending == null ? 0 : pending);
        } catch (DataAccessException e) {
            log.warn("memory gauges not refreshed, keeping the last values: {}", e.getMessage());
        }
    }
}
