package dev.athena.memory;

import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * How many memories each project holds, by type and state, from the totals the memories triggers keep (V13) instead of
 * a count over the table, whose cost grows with it: the folded totals plus the changes not folded yet, so a read is
 * exact at its snapshot. {@link StatisticsCompactor} folds the changes, with BM25's statistics.
 */
@Repository
public class MemoryCounts {

    private static final String TOTALS = """
            SELECT project, memory_type, state, sum(memories) AS memories FROM (
                SELECT project, memory_type, state, memories FROM memory_counts %1$s
                UNION ALL
                SELECT project, memory_type, state, memories FROM memory_count_changes %1$s) c
            GROUP BY project, memory_type, state HAVING sum(memories) <> 0
            ORDER BY project, memory_type, state""";
    private static final RowMapper<MemoryCount> COUNT = (row, i) -> new MemoryCount(
            row.getString("project"), row.getString("memory_type"), row.getString("state"), row.getLong("memories"));

    private final JdbcTemplate jdbc;

    MemoryCounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The memories of one project, type and state; combinations without any are left out. */
    public record MemoryCount(String project, String memoryType, String state, long memories) {}

    /** Every project's counts, ordered by project, type and state. */
    public List<MemoryCount> all() {
        return jdbc.query(TOTALS.formatted(""), COUNT);
    }

    /** The counts of the given projects, ordered by project, type and state. */
    public List<MemoryCount> of(Collection<String> projects) {
        String[] names = projects.toArray(String[]::new);
        return jdbc.query(TOTALS.formatted("WHERE project = ANY (?)"), COUNT, names, names);
    }
}
