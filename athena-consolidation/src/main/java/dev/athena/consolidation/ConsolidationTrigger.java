package dev.athena.consolidation;

import java.time.Clock;
import java.time.Duration;

import dev.athena.memory.EventService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The schedule: on {@code athena.consolidation.cron} when set, otherwise every {@code athena.consolidation.interval},
 * consolidate each project with events left to consolidate. The work lives in {@link ConsolidationService}.
 */
@Component
@ConditionalOnProperty(
        prefix = ConsolidationProperties.CONFIG_PREFIX,
        name = "enabled",
        havingValue = "true",
        matchIfMissing = true)
class ConsolidationTrigger implements SchedulingConfigurer {

    private final ConsolidationService consolidation;
    private final EventService events;
    private final ConsolidationProperties settings;
    private final Clock clock;

    ConsolidationTrigger(
            ConsolidationService consolidation, EventService events, ConsolidationProperties settings, Clock clock) {
        this.consolidation = consolidation;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (settings.cron().isBlank()) {
            // The first run waits one interval: start-up is not the moment for a full consolidation.
            registrar.addFixedDelayTask(
                    new FixedDelayTask(this::consolidateAllProjects, settings.interval(), settings.interval()));
        } else {
            registrar.addCronTask(this::consolidateAllProjects, settings.cron());
        }
    }

    void consolidateAllProjects() {
        for (String project :
                events.projectsWithUnconsolidatedEvents(clock.instant().minus(Duration.ofDays(settings.daysBack())))) {
            consolidation.consolidate(project, Strategy.BALANCED, settings.daysBack(), false);
        }
    }
}
