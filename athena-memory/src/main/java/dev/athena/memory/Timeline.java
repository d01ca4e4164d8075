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

    /** How many days a timeline covers when the caller does not say. */
    public static final int DEFAULT_DAYS_BACK = 7;
    /** The most days a timeline may cover. */
    public static final int MAX_DAYS_BACK = 365;

    public record Day(LocalDate date, long events, Map<String, Long> byType) {}
}
