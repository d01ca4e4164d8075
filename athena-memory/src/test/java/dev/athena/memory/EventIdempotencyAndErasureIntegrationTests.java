package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class EventIdempotencyAndErasureIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    EventService events;

    private static RecordEventRequest event(String content, String session, String project, String key) {
        return new RecordEventRequest(
                EventType.TEST_RUN, content, EventOutcome.SUCCESS, 10L, session, null, null, project, key);
    }

    @Test
    void threeRetriesWithTheSameIdempotencyKeyRecordOneEvent() {
        UUID first = events.record(event("mvn verify passed", "s1", null, "s1-run-1"));
        UUID second = events.record(event("mvn verify passed", "s1", null, "s1-run-1"));
        UUID third = events.record(event("mvn verify passed", "s1", null, "s1-run-1"));
        UUID fourth = events.record(event("mvn verify passed", "s1", null, "s1-run-1"));

        assertThat(List.of(second, third, fourth)).containsOnly(first);
        assertThat(count("SELECT count(*) FROM episodic_events")).isEqualTo(1);
    }

    @Test
    void theSameKeyInAnotherProjectOrNoKeyRecordsAgain() {
        UUID alpha = events.record(event("deployed", null, "alpha", "deploy-9"));
        UUID beta = events.record(event("deployed", null, "beta", "deploy-9"));
        events.record(event("deployed", null, "alpha", null));
        events.record(event("deployed", null, "alpha", null));

        assertThat(beta).isNotEqualTo(alpha);
        assertThat(count("SELECT count(*) FROM episodic_events")).isEqualTo(4);
    }

    @Test
    void aRetriedBatchReturnsTheFirstIdsAndRecordsNothingNew() {
        List<RecordEventRequest> batch = List.of(
                event("one", "s2", null, "b-1"), event("two", "s2", null, null), event("three", "s2", null, "b-3"));
        List<UUID> first = events.recordBatch(null, batch);

        List<UUID> retried =
                events.recordBatch(null, List.of(event("one", "s2", null, "b-1"), event("three", "s2", null, "b-3")));

        assertThat(retried).containsExactly(first.get(0), first.get(2));
        assertThat(count("SELECT count(*) FROM episodic_events")).isEqualTo(3);
    }

    @Test
    void aKeyReusedForADifferentEventIsAConflictNotARetry() {
        events.record(event("mvn verify passed", "s1", null, "s1-run-2"));

        assertThatThrownBy(() -> events.record(event("mvn verify failed", "s1", null, "s1-run-2")))
                .isInstanceOf(MemoryConflictException.class)
                .hasMessageContaining("s1-run-2");
        assertThat(count("SELECT count(*) FROM episodic_events")).isEqualTo(1);
    }

    @Test
    void concurrentRetriesWithOneKeyRecordOneEvent() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<UUID>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> events.record(event("raced", "s3", null, "race-1")), clients));
            }
            assertThat(calls.stream().map(CompletableFuture::join).distinct()).hasSize(1);
            assertThat(count("SELECT count(*) FROM episodic_events")).isEqualTo(1);
        } finally {
            clients.shutdown();
        }
    }

    @Test
    void anIdempotencyKeyIsCheckedLikeAnyField() {
        assertThatThrownBy(() -> events.record(event("x", null, null, " ")))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("idempotency_key"));
        assertThatThrownBy(() -> events.record(event("x", null, null, "k".repeat(129))))
                .isInstanceOf(MemoryValidationException.class);
    }

    @Test
    void erasingByIdDeletesTheEventAndItsProvenanceAndKeepsOnlyThatItHappened() {
        UUID id = events.record(event("the password was hunter2", "s4", null, null));
        UUID kept = events.record(event("unrelated", "s4", null, null));
        UUID memory = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO memories (id, project, memory_type, content, content_hash) VALUES (?, 'default', "
                        + "'pattern', 'p', 'h')",
                memory);
        jdbc.update(
                "INSERT INTO memory_provenance (memory_id, source_kind, source_id) VALUES (?, 'event', ?)", memory, id);

        List<UUID> erased =
                events.erase(null, new EventErasure(id, null, null, null, null), false, "erasure request #7");

        assertThat(erased).containsExactly(id);
        assertThat(count("SELECT count(*) FROM episodic_events WHERE id = ?", id))
                .isZero();
        assertThat(count("SELECT count(*) FROM episodic_events WHERE id = ?", kept))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM memory_provenance WHERE source_id = ?", id))
                .isZero();
        assertThat(events.history(id, null)).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo("erased");
            assertThat(entry.reason()).isEqualTo("erasure request #7");
        });
        assertThat(count("SELECT count(*) FROM event_history WHERE reason LIKE '%hunter2%'"))
                .isZero();
    }

    @Test
    void erasingByFilterNeedsConfirmationAndTouchesOnlyMatchingEventsOfTheProject() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        events.record(new RecordEventRequest(
                EventType.ERROR, "old error", null, null, "s5", null, now.minus(3, ChronoUnit.DAYS), null));
        UUID recent = events.record(new RecordEventRequest(
                EventType.ERROR, "recent error", null, null, "s5", null, now.minusSeconds(60), null));
        events.record(new RecordEventRequest(
                EventType.ERROR, "other project", null, null, "s5", null, now.minusSeconds(60), "beta"));
        EventErasure lastDay = new EventErasure(null, "s5", EventType.ERROR, now.minus(1, ChronoUnit.DAYS), null);

        assertThatThrownBy(() -> events.erase(null, lastDay, false, null))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("confirm"));
        assertThatThrownBy(() -> events.erase(null, new EventErasure(null, null, null, null, null), true, null))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("filter"));
        assertThat(count("SELECT count(*) FROM episodic_events")).isEqualTo(3);

        assertThat(events.erase(null, lastDay, true, "cleanup")).containsExactly(recent);
        assertThat(count("SELECT count(*) FROM episodic_events")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM episodic_events WHERE project = 'beta'"))
                .isEqualTo(1);
    }

    @Test
    void eventHistoryIsAppendOnly() {
        UUID id = events.record(event("x", null, null, null));
        events.erase(null, new EventErasure(id, null, null, null, null), false, "why");

        assertThatThrownBy(() -> jdbc.update("UPDATE event_history SET reason = NULL"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM event_history")).hasMessageContaining("append-only");
    }
}
