package dev.athena.memory;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What happened in a project over the last days: a summary per day (UTC) and the events themselves, newest first.
 *
 * @param truncated true when there were more events than the response carries
 */
public record Timeline(int daysBack, List<Day> days, List<EpisodicEvent> events, boolean truncated) {

    public record Day(LocalDate date, long events, Map<String, Long> byType) {
    }
}
