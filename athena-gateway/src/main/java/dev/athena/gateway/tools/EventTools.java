package dev.athena.gateway.tools;

import java.time.Instant;
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
import dev.athena.memory.MemoryProperties;
import dev.athena.memory.RecordEventRequest;
import dev.athena.memory.Timeline;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The episodic tools: record what happened, and read it back by session, type, time or as a timeline. */
@Configuration(proxyBeanMethods = false)
class EventTools {

    static final String DURATION_REASON = "must not be negative";
    static final String SESSION_ID_REASON = "must be 1-" + RecordEventRequest.MAX_SESSION_ID_LENGTH + " characters";
    static final String IDEMPOTENCY_KEY_REASON =
            "must be 1-" + RecordEventRequest.MAX_IDEMPOTENCY_KEY_LENGTH + " characters without control characters";

    /** One event of a batch: its project is the batch's. */
    record EventParameters(
            @NotNull(message = "is required") EventType eventType,
            @NotNull(message = "is required") String content,
            EventOutcome outcome,
            @PositiveOrZero(message = DURATION_REASON) Long durationMs,

            @Size(min = 1, max = RecordEventRequest.MAX_SESSION_ID_LENGTH, message = SESSION_ID_REASON)
            String sessionId,

            EventContext context,
            Instant occurredAt,

            @Size(min = 1, max = RecordEventRequest.MAX_IDEMPOTENCY_KEY_LENGTH, message = IDEMPOTENCY_KEY_REASON)
            String idempotencyKey) {

        RecordEventRequest toRequest() {
            return new RecordEventRequest(
                    eventType, content, outcome, durationMs, sessionId, context, occurredAt, null, idempotencyKey);
        }
    }

    record RecordEventParameters(
            @NotNull(message = "is required") EventType eventType,
            @NotNull(message = "is required") String content,
            EventOutcome outcome,
            @PositiveOrZero(message = DURATION_REASON) Long durationMs,

            @Size(min = 1, max = RecordEventRequest.MAX_SESSION_ID_LENGTH, message = SESSION_ID_REASON)
            String sessionId,

            EventContext context,
            Instant occurredAt,

            @Size(min = 1, max = RecordEventRequest.MAX_IDEMPOTENCY_KEY_LENGTH, message = IDEMPOTENCY_KEY_REASON)
            String idempotencyKey,

            String project)
            implements ProjectScoped {

        RecordEventRequest toRequest() {
            return new RecordEventRequest(
                    eventType, content, outcome, durationMs, sessionId, context, occurredAt, project, idempotencyKey);
        }
    }

    record EraseEventsParameters(
            UUID eventId,
            String sessionId,
            EventType eventType,
            Instant occurredAfter,
            Instant occurredBefore,
            @Default("false") Boolean confirm,

            @Size(
                    max = EventErasure.MAX_REASON_LENGTH,
                    message = "must be at most " + EventErasure.MAX_REASON_LENGTH + " characters")
            String reason,

            String project)
            implements ProjectScoped {}

    record ErasedResponse(List<UUID> erased, int count) {}

    record EventHistoryParameters(
            @NotNull(message = "is required") UUID eventId, String project) implements ProjectScoped {}

    record EventHistoryResponse(UUID eventId, List<EventHistoryEntry> history) {}

    /**
     * The largest batch is a setting ({@code athena.memory.max-batch-items}): the service checks it, the description
     * and the schema ({@link ToolDefinition#withConfiguredBound}) state it.
     */
    record BatchRecordEventsParameters(
            @NotNull(message = "is required") @Size(min = 1, message = "must contain at least one event")
            List<@Valid @NotNull(message = "must not be null") EventParameters> events,

            String project)
            implements ProjectScoped {}

    record RecordedResponse(UUID id) {}

    record BatchRecordedResponse(List<UUID> ids, int recorded) {}

    static final String LIMIT_REASON = "must be between 1 and " + EventQuery.MAX_LIMIT;

    record RecallEventsParameters(
            String sessionId,
            EventType eventType,
            Instant from,
            Instant to,

            @Min(value = 1, message = LIMIT_REASON)
            @Max(value = EventQuery.MAX_LIMIT, message = LIMIT_REASON)
            @Default("" + EventQuery.DEFAULT_LIMIT)
            Integer limit,

            String project)
            implements ProjectScoped {}

    record EventsResponse(List<EventView> events, int count) {}

    static final String DAYS_BACK_REASON = "must be between 1 and " + Timeline.MAX_DAYS_BACK;

    record TimelineParameters(
            @Min(value = 1, message = DAYS_BACK_REASON)
            @Max(value = Timeline.MAX_DAYS_BACK, message = DAYS_BACK_REASON)
            @Default("" + Timeline.DEFAULT_DAYS_BACK)
            Integer daysBack,

            String project)
            implements ProjectScoped {}

    record TimelineResponse(int daysBack, List<Timeline.Day> days, List<EventView> events, boolean truncated) {}

    @Bean
    ToolDefinition<RecordEventParameters> recordEventTool(EventService events) {
        return new ToolDefinition<>(
                        "record_event",
                        "Record something that happened in an agent session (conversation, action, decision, "
                                + "error, success, "
                                + "file_change, test_run, deployment, refactoring, debugging) with its outcome "
                                + "and context. "
                                + "With an idempotency_key already used in the project, returns the event "
                                + "recorded first.",
                        RecordEventParameters.class,
                        p -> new RecordedResponse(events.record(p.toRequest())))
                .withExample("""
                        {"event_type": "test_run", "content": "mvn verify: 212 tests passed", "outcome": "success", \
                        "duration_ms": 48000, "session_id": "s-42", "context": {"cwd": "/work/shop", "files": \
                        ["pom.xml"], "task": "upgrade", "branch": "main"}, "project": "default"}""");
    }

    @Bean
    ToolDefinition<BatchRecordEventsParameters> batchRecordEventsTool(EventService events, MemoryProperties settings) {
        return new ToolDefinition<>(
                        "batch_record_events",
                        "Record up to " + settings.maxBatchItems()
                                + " events of one project at once, all or none. An event whose idempotency_key "
                                + "the project already has "
                                + "is not recorded again; its first id is returned.",
                        BatchRecordEventsParameters.class,
                        p -> {
                            List<UUID> ids = events.recordBatch(
                                    p.project(),
                                    p.events().stream()
                                            .map(EventParameters::toRequest)
                                            .toList());
                            return new BatchRecordedResponse(ids, ids.size());
                        })
                .withConfiguredBound("events", "maxItems", settings.maxBatchItems())
                .withExample("""
                        {"project": "default", "events": [{"event_type": "error", "content": "NullPointerException in \
                        CheckoutService", "outcome": "failure", "session_id": "s-42"}, {"event_type": "file_change", \
                        "content": "Added a null check", "session_id": "s-42"}]}""");
    }

    @Bean
    ToolDefinition<EraseEventsParameters> eraseEventsTool(EventService events) {
        return new ToolDefinition<>(
                        "erase_events",
                        "Erase events of the project for good: one by event_id, or every event matching "
                                + "session_id / event_type / "
                                + "occurred_after / occurred_before, which requires 'confirm': true. History "
                                + "keeps that they were erased.",
                        EraseEventsParameters.class,
                        p -> {
                            List<UUID> erased = events.erase(
                                    p.project(),
                                    new EventErasure(
                                            p.eventId(),
                                            p.sessionId(),
                                            p.eventType(),
                                            p.occurredAfter(),
                                            p.occurredBefore()),
                                    Boolean.TRUE.equals(p.confirm()),
                                    p.reason());
                            if (p.eventId() != null && erased.isEmpty()) {
                                throw new NotFoundException("no event with id '" + p.eventId() + "' in this project");
                            }
                            return new ErasedResponse(erased, erased.size());
                        })
                .withExample("""
                        {"session_id": "s-42", "confirm": true, "reason": "erasure request #7", "project": \
                        "default"}""")
                .withEffect(ToolDefinition.Effect.DESTRUCTIVE);
    }

    @Bean
    ToolDefinition<EventHistoryParameters> eventHistoryTool(EventService events) {
        return new ToolDefinition<>(
                        "event_history",
                        "What happened to an event: erased, when and why (never its content).",
                        EventHistoryParameters.class,
                        p -> new EventHistoryResponse(p.eventId(), events.history(p.eventId(), p.project())))
                .withExample("""
                        {"event_id": "0190f0f0-0000-7000-8000-000000000000", "project": "default"}""")
                .withEffect(ToolDefinition.Effect.READ_ONLY);
    }

    @Bean
    ToolDefinition<RecallEventsParameters> recallEventsTool(EventService events) {
        return new ToolDefinition<>(
                        "recall_events",
                        "Events of the project newest first, filtered by session_id, event_type and time range "
                                + "[from, to).",
                        RecallEventsParameters.class,
                        p -> {
                            List<EventView> found = events
                                    .recall(new EventQuery(
                                            p.project(), p.sessionId(), p.eventType(), p.from(), p.to(), p.limit()))
                                    .stream()
                                    .map(EventView::of)
                                    .toList();
                            return new EventsResponse(found, found.size());
                        })
                .withExample("""
                        {"session_id": "s-42", "event_type": "error", "limit": 20, "project": "default"}""")
                .withEffect(ToolDefinition.Effect.READ_ONLY);
    }

    @Bean
    ToolDefinition<TimelineParameters> getTimelineTool(EventService events) {
        return new ToolDefinition<>(
                        "get_timeline",
                        "What happened in the project over the last days_back days (default "
                                + Timeline.DEFAULT_DAYS_BACK + "): per-day counts by type and the events.",
                        TimelineParameters.class,
                        p -> {
                            int daysBack = p.daysBack() == null ? Timeline.DEFAULT_DAYS_BACK : p.daysBack();
                            Timeline timeline = events.timeline(p.project(), daysBack);
                            return new TimelineResponse(
                                    timeline.daysBack(),
                                    timeline.days(),
                                    timeline.events().stream()
                                            .map(EventView::of)
                                            .toList(),
                                    timeline.truncated());
                        })
                .withExample("""
                        {"days_back": 7, "project": "default"}""")
                .withEffect(ToolDefinition.Effect.READ_ONLY);
    }
}
