package dev.athena.gateway.tools;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.athena.gateway.tools.MemoryViews.EventView;
import dev.athena.memory.EventContext;
import dev.athena.memory.EventErasure;
import dev.athena.memory.EventHistoryEntry;
import dev.athena.memory.EventOutcome;
import dev.athena.memory.EventQuery;
import dev.athena.memory.EventService;
import dev.athena.memory.EventType;
import dev.athena.memory.RecordEventRequest;
import dev.athena.memory.Timeline;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The episodic tools: record what happened, and read it back by session, type, time or as a timeline. */
@Configuration(proxyBeanMethods = false)
class EventTools {

    record EventParameters(@NotNull(message = "is required") String eventType, @NotNull(message = "is required") String content,
                           String outcome, Long durationMs, String sessionId, EventContext context, Instant occurredAt,
                           String idempotencyKey) {

        RecordEventRequest toRequest(String prefix, String project) {
            return new RecordEventRequest(EventType.fromWireName(prefix + "event_type", eventType), content,
                    outcome == null ? null : EventOutcome.fromWireName(prefix + "outcome", outcome), durationMs, sessionId,
                    context, occurredAt, project, idempotencyKey);
        }
    }

    record RecordEventParameters(@NotNull(message = "is required") String eventType, @NotNull(message = "is required") String content,
                                 String outcome, Long durationMs, String sessionId, EventContext context,
                                 Instant occurredAt, String idempotencyKey, String project) implements ProjectScoped {
    }

    record EraseEventsParameters(UUID eventId, String sessionId, String eventType, Instant occurredAfter, Instant occurredBefore,
                                 Boolean confirm, String reason, String project) implements ProjectScoped {
    }

    record ErasedResponse(List<UUID> erased, int count) {
    }

    record EventHistoryParameters(@NotNull(message = "is required") UUID eventId, String project) implements ProjectScoped {
    }

    record EventHistoryResponse(UUID eventId, List<EventHistoryEntry> history) {
    }

    record BatchRecordEventsParameters(@NotNull(message = "is required") List<@Valid @NotNull(message = "must not be null") EventParameters> events,
                                       String project) implements ProjectScoped {
    }

    record RecordedResponse(UUID id) {
    }

    record BatchRecordedResponse(List<UUID> ids, int recorded) {
    }

    record RecallEventsParameters(String sessionId, String eventType, Instant from, Instant to, Integer limit,
                                  String project) implements ProjectScoped {
    }

    record EventsResponse(List<EventView> events, int count) {
    }

    record TimelineParameters(Integer daysBack, String project) implements ProjectScoped {
    }

    record TimelineResponse(int daysBack, List<Timeline.Day> days, List<EventView> events, boolean truncated) {
    }

    @Bean
    ToolDefinition<RecordEventParameters> recordEventTool(EventService events) {
        return new ToolDefinition<>("record_event",
                "Record something that happened in an agent session (conversation, action, decision, error, success, "
                        + "file_change, test_run, deployment, refactoring, debugging) with its outcome and context. "
                        + "With an idempotency_key already used in the project, returns the event recorded first.",
                RecordEventParameters.class,
                p -> new RecordedResponse(events.record(new EventParameters(p.eventType(), p.content(), p.outcome(), p.durationMs(),
                        p.sessionId(), p.context(), p.occurredAt(), p.idempotencyKey()).toRequest("", p.project()))))
                .withExample("""
                        {"event_type": "test_run", "content": "mvn verify: 212 tests passed", "outcome": "success", "duration_ms": 48000, "session_id": "s-42", "context": {"cwd": "/work/shop", "files": ["pom.xml"], "task": "upgrade", "branch": "main"}, "project": "default"}""");
    }

    @Bean
    ToolDefinition<BatchRecordEventsParameters> batchRecordEventsTool(EventService events) {
        return new ToolDefinition<>("batch_record_events", "Record up to 1,000 events of one project at once, all or none. "
                + "An event whose idempotency_key the project already has is not recorded again; its first id is returned.",
                BatchRecordEventsParameters.class,
                p -> {
                    List<RecordEventRequest> requests = new ArrayList<>(p.events().size());
                    for (int i = 0; i < p.events().size(); i++) {
                        requests.add(p.events().get(i).toRequest("events[" + i + "].", null));
                    }
                    List<UUID> ids = events.recordBatch(p.project(), requests);
                    return new BatchRecordedResponse(ids, ids.size());
                })
                .withExample("""
                        {"project": "default", "events": [{"event_type": "error", "content": "NullPointerException in CheckoutService", "outcome": "failure", "session_id": "s-42"}, {"event_type": "file_change", "content": "Added a null check", "session_id": "s-42"}]}""");
    }

    @Bean
    ToolDefinition<EraseEventsParameters> eraseEventsTool(EventService events) {
        return new ToolDefinition<>("erase_events",
                "Erase events of the project for good: one by event_id, or every event matching session_id / event_type / "
                        + "occurred_after / occurred_before, which requires 'confirm': true. History keeps that they were erased.",
                EraseEventsParameters.class,
                p -> {
                    EventType type = p.eventType() == null ? null : EventType.fromWireName("event_type", p.eventType());
                    List<UUID> erased = events.erase(p.project(),
                            new EventErasure(p.eventId(), p.sessionId(), type, p.occurredAfter(), p.occurredBefore()),
                            Boolean.TRUE.equals(p.confirm()), p.reason());
                    if (p.eventId() != null && erased.isEmpty()) {
                        throw new NotFoundException("no event with id '" + p.eventId() + "' in this project");
                    }
                    return new ErasedResponse(erased, erased.size());
                })
                .withExample("""
                        {"session_id": "s-42", "confirm": true, "reason": "erasure request #7", "project": "default"}""");
    }

    @Bean
    ToolDefinition<EventHistoryParameters> eventHistoryTool(EventService events) {
        return new ToolDefinition<>("event_history", "What happened to an event: erased, when and why (never its content).",
                EventHistoryParameters.class,
                p -> new EventHistoryResponse(p.eventId(), events.history(p.eventId(), p.project())))
                .withExample("""
                        {"event_id": "0190f0f0-0000-7000-8000-000000000000", "project": "default"}""");
    }

    @Bean
    ToolDefinition<RecallEventsParameters> recallEventsTool(EventService events) {
        return new ToolDefinition<>("recall_events", "Events of the project newest first, filtered by session_id, event_type and time range [from, to).",
                RecallEventsParameters.class,
                p -> {
                    EventType type = p.eventType() == null ? null : EventType.fromWireName("event_type", p.eventType());
                    List<EventView> found = events.recall(new EventQuery(p.project(), p.sessionId(), type, p.from(), p.to(), p.limit()))
                            .stream().map(EventView::of).toList();
                    return new EventsResponse(found, found.size());
                })
                .withExample("""
                        {"session_id": "s-42", "event_type": "error", "limit": 20, "project": "default"}""");
    }

    @Bean
    ToolDefinition<TimelineParameters> getTimelineTool(EventService events) {
        return new ToolDefinition<>("get_timeline", "What happened in the project over the last days_back days (default 7): per-day counts by type and the events.",
                TimelineParameters.class,
                p -> {
                    Timeline timeline = events.timeline(p.project(), p.daysBack() == null ? 7 : p.daysBack());
                    return new TimelineResponse(timeline.daysBack(), timeline.days(), timeline.events().stream().map(EventView::of).toList(),
                            timeline.truncated());
                })
                .withExample("""
                        {"days_back": 7, "project": "default"}""");
    }
}
