package dev.athena.consolidation;

import java.time.Clock;
import java.time.Duration;

import dev.athena.memory.EventService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The schedule: every {@code athena.consolidation.interval}, consolidate each project with events to consolidate. */
@Component
@ConditionalOnProperty(prefix = ConsolidationProperties.CONFIG_PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
class ConsolidationTrigger {

    private final ConsolidationService consolidation;
    private final EventService events;
    private final ConsolidationProperties settings;
    private final Clock clock;

    ConsolidationTrigger(ConsolidationService consolidation, EventService events, ConsolidationProperties settings, Clock clock) {
        this.consolidation = consolidation;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${athena.consolidation.interval:24h}", fixedDelayString = "${athena.consolidation.interval:24h}")
    void consolidateAllProjects() {
        for (String project : events.projectsWithUnconsolidatedEvents(clock.instant().minus(Duration.ofDays(settings.daysBack())))) {
            consolidation.consolidate(project, Strategy.BALANCED, settings.daysBack(), false);
        }
    }
}
