package dev.athena.consolidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

class ConsolidationTriggerTests {

    private static ConsolidationProperties settings(String cron) {
        return new ConsolidationProperties(
                true,
                Duration.ofHours(6),
                cron,
                7,
                Duration.ofMinutes(60),
                2,
                0.5,
                0.5,
                0.88,
                0.75,
                3,
                0.6,
                5000,
                400,
                0.6,
                Duration.ofSeconds(180));
    }

    private static ScheduledTaskRegistrar registered(ConsolidationProperties settings) {
        ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();
        new ConsolidationTrigger(null, null, settings, java.time.Clock.systemUTC()).configureTasks(registrar);
        return registrar;
    }

    @Test
    void runsOnAFixedDelayThatAlsoDelaysTheFirstRun() {
        ScheduledTaskRegistrar registrar = registered(settings(""));

        assertThat(registrar.getFixedDelayTaskList()).singleElement().satisfies(task -> {
            assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofHours(6));
            assertThat(task.getInitialDelayDuration()).isEqualTo(Duration.ofHours(6));
        });
        assertThat(registrar.getCronTaskList()).isEmpty();
    }

    @Test
    void aCronExpressionReplacesTheInterval() {
        ScheduledTaskRegistrar registrar = registered(settings("0 0 3 * * *"));

        assertThat(registrar.getCronTaskList())
                .singleElement()
                .extracting(CronTask::getExpression)
                .isEqualTo("0 0 3 * * *");
        assertThat(registrar.getFixedDelayTaskList()).isEmpty();
    }

    @Test
    void anInvalidCronExpressionIsRefusedAtStartUp() {
        assertThatThrownBy(() -> settings("every night")).hasMessageContaining("athena.consolidation.cron");
    }
}
