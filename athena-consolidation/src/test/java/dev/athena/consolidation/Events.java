package dev.athena.consolidation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.athena.memory.EpisodicEvent;
import dev.athena.memory.EventContext;
import dev.athena.memory.EventOutcome;
import dev.athena.memory.EventType;

/** Builds stored events for unit tests. */
final class Events {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private Events() {}

    static EpisodicEvent event(
            int minute, EventType type, EventOutcome outcome, String content, String session, String... files) {
        return new EpisodicEvent(
                UUID.randomUUID(),
                "default",
                session,
                T0.plusSeconds(minute * 60L),
                type,
                content,
                outcome,
                null,
                new EventContext(null, List.of(files), null, null),
                false);
    }

    static EpisodicEvent event(int minute, EventType type, EventOutcome outcome, String content) {
        return event(minute, type, outcome, content, "s1");
    }
}
