package dev.athena.consolidation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.athena.memory.EventContext;
import dev.athena.memory.EventOutcome;
import dev.athena.memory.EventType;
import dev.athena.memory.RecordEventRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A week of a coding agent's work on a web shop (154 events in 14 sessions): bugs fixed test-first, flaky CI,
 * migrations, deployments that failed and were rolled back, decisions, and a long design conversation with no known
 * shape. Kept in {@code consolidation/agent-event-log.jsonl}.
 */
final class AgentEventLog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AgentEventLog() {}

    private static String withOtherNumbers(String text) {
        return java.util.regex.Pattern.compile("\\d+")
                .matcher(text)
                .replaceAll(m -> Integer.toString(Integer.parseInt(m.group()) + 1));
    }

    static List<RecordEventRequest> sessions(Predicate<String> sessionFilter) {
        return sessions(sessionFilter, Duration.ZERO);
    }

    /**
     * The events of the matching sessions recurring later: shifted in time, with every number in the text changed (line
     * numbers, test counts, versions), as the same kind of work looks when it happens again.
     */
    static List<RecordEventRequest> sessions(Predicate<String> sessionFilter, Duration shift) {
        List<RecordEventRequest> events = new ArrayList<>();
        try (InputStream in = AgentEventLog.class.getResourceAsStream("/consolidation/agent-event-log.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode e = JSON.readTree(line);
                if (!sessionFilter.test(e.get("session_id").asString())) {
                    continue;
                }
                JsonNode c = e.get("context");
                List<String> files = new ArrayList<>();
                c.get("files").forEach(f -> files.add(f.asString()));
                events.add(new RecordEventRequest(
                        EventType.fromWireName("event_type", e.get("event_type").asString()),
                        shift.isZero()
                                ? e.get("content").asString()
                                : withOtherNumbers(e.get("content").asString()),
                        e.get("outcome").isNull()
                                ? null
                                : EventOutcome.fromWireName(
                                        "outcome", e.get("outcome").asString()),
                        null,
                        e.get("session_id").asString() + (shift.isZero() ? "" : "-again"),
                        new EventContext(
                                c.get("cwd").asString(),
                                files,
                                c.get("task").asString(),
                                c.get("branch").asString()),
                        Instant.parse(e.get("occurred_at").asString()).plus(shift),
                        null));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }
}
