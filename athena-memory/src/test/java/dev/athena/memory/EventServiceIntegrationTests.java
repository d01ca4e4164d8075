package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class EventServiceIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    EventService events;

    private static RecordEventRequest event(EventType type, String content, String session, Instant at) {
        return new RecordEventRequest(
                type,
                content,
                EventOutcome.SUCCESS,
                1200L,
                session,
                new EventContext("/repo", List.of("src/Main.java"), "fix login", "main"),
                at,
                null);
    }

    @Test
    void recordsAnEventWithItsContextAndReadsItBack() {
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        UUID id = events.record(event(EventType.TEST_RUN, "mvn test: 42 passed", "s1", at));

        List<EpisodicEvent> found = events.recall(new EventQuery(null, "s1", null, null, null, null));

        assertThat(found).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.eventType()).isEqualTo(EventType.TEST_RUN);
            assertThat(e.outcome()).isEqualTo(EventOutcome.SUCCESS);
            assertThat(e.durationMs()).isEqualTo(1200L);
            assertThat(e.occurredAt()).isEqualTo(at);
            assertThat(e.context().files()).containsExactly("src/Main.java");
            assertThat(e.context().branch()).isEqualTo("main");
            assertThat(e.consolidated()).isFalse();
        });
    }

    @Test
    void recallFiltersBySessionTypeAndTimeRangeNewestFirst() {
        Instant now = Instant.now();
        events.recordBatch(
                null,
                List.of(
                        event(
                                EventType.ERROR,
                                "NullPointerException in LoginService",
                                "s1",
                                now.minus(3, ChronoUnit.HOURS)),
                        event(EventType.FILE_CHANGE, "edited LoginService.java", "s1", now.minus(2, ChronoUnit.HOURS)),
                        event(EventType.TEST_RUN, "tests pass", "s1", now.minus(1, ChronoUnit.HOURS)),
                        event(EventType.ERROR, "timeout in CI", "s2", now.minus(30, ChronoUnit.MINUTES))));

        assertThat(events.recall(new EventQuery(null, "s1", null, null, null, null)))
                .extracting(EpisodicEvent::content)
                .containsExactly("tests pass", "edited LoginService.java", "NullPointerException in LoginService");
        assertThat(events.recall(new EventQuery(null, null, EventType.ERROR, null, null, null)))
                .extracting(EpisodicEvent::sessionId)
                .containsExactly("s2", "s1");
        assertThat(events.recall(new EventQuery(
                        null, null, null, now.minus(150, ChronoUnit.MINUTES), now.minus(45, ChronoUnit.MINUTES), null)))
                .extracting(EpisodicEvent::content)
                .containsExactly("tests pass", "edited LoginService.java");
        assertThat(events.recall(new EventQuery(null, null, null, null, null, 1)))
                .hasSize(1);
    }

    @Test
    void timelineSummarisesDaysAndListsRecentEvents() {
        Instant now = Instant.now();
        events.recordBatch(
                null,
                List.of(
                        event(EventType.DEPLOYMENT, "deployed v1.2", "s1", now.minus(1, ChronoUnit.HOURS)),
                        event(EventType.ERROR, "rollback needed", "s1", now.minus(30, ChronoUnit.MINUTES)),
                        event(EventType.DEPLOYMENT, "deployed v1.1", "s0", now.minus(10, ChronoUnit.DAYS))));

        Timeline timeline = events.timeline(null, 7);

        assertThat(timeline.events())
                .extracting(EpisodicEvent::content)
                .containsExactly("rollback needed", "deployed v1.2");
        assertThat(timeline.days()).flatExtracting(d -> d.byType().keySet()).contains("deployment", "error");
        assertThat(timeline.days().stream().mapToLong(Timeline.Day::events).sum())
                .isEqualTo(2);
        assertThat(timeline.truncated()).isFalse();
    }

    @Test
    void invalidEventsAreRejectedAndABatchIsAllOrNothing() {
        assertThatThrownBy(() -> events.record(new RecordEventRequest(null, "x", null, null, null, null, null, null)))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("event_type"));
        assertThatThrownBy(() ->
                        events.record(new RecordEventRequest(EventType.ACTION, "x", null, -5L, null, null, null, null)))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("duration_ms"));
        assertThatThrownBy(() -> events.recordBatch(
                        null,
                        List.of(event(EventType.ACTION, "ok", "s", null), event(EventType.ACTION, " ", "s", null))))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("events[1].content"));
        assertThatThrownBy(() -> events.timeline(null, 0))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("days_back"));
        assertThat(count("SELECT count(*) FROM episodic_events")).isZero();
    }

    @Test
    void consolidationReadsUnconsolidatedEventsAndMarksThem() {
        Instant now = Instant.now();
        List<UUID> ids = events.recordBatch(
                null,
                List.of(
                        event(EventType.ERROR, "build failed", "s1", now.minus(2, ChronoUnit.HOURS)),
                        event(EventType.SUCCESS, "build fixed", "s1", now.minus(1, ChronoUnit.HOURS))));

        assertThat(events.unconsolidated(null, now.minus(1, ChronoUnit.DAYS), 100, true))
                .extracting(EpisodicEvent::id)
                .containsExactlyElementsOf(ids);
        assertThat(events.markConsolidated(null, ids)).isEqualTo(2);
        assertThat(events.unconsolidated(null, now.minus(1, ChronoUnit.DAYS), 100, true))
                .isEmpty();
        assertThat(events.markConsolidated("other", ids)).isZero();
    }
}
