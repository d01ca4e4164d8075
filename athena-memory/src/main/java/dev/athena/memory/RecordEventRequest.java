package dev.athena.memory;

import java.time.Instant;

/**
 * Something that happened, as the agent reports it.
 *
 * @param eventType required
 * @param content what happened; required, at most {@code athena.memory.max-content-bytes}
 * @param outcome how it ended; optional
 * @param durationMs how long it took; optional, not negative
 * @param sessionId the agent session it belongs to; optional
 * @param context where it happened; optional
 * @param occurredAt when it happened; {@code null} means now
 * @param project {@code null} means the default project
 * @param idempotencyKey chosen by the client, unique per project: recording again with the same key returns the event
 *     recorded first and records nothing; optional
 */
public record RecordEventRequest(
        EventType eventType,
        String content,
        EventOutcome outcome,
        Long durationMs,
        String sessionId,
        EventContext context,
        Instant occurredAt,
        String project,
        String idempotencyKey) {

    /** Longest session id, in characters. */
    public static final int MAX_SESSION_ID_LENGTH = 128;
    /** Longest idempotency key, in characters. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

    public RecordEventRequest {
        context = context == null ? EventContext.EMPTY : context;
    }

    /** An event without an idempotency key: each call records one. */
    public RecordEventRequest(
            EventType eventType,
            String content,
            EventOutcome outcome,
            Long durationMs,
            String sessionId,
            EventContext context,
            Instant occurredAt,
            String project) {
        this(eventType, content, outcome, durationMs, sessionId, context, occurredAt, project, null);
    }
}
