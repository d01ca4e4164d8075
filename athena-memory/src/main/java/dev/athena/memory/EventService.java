package dev.athena.memory;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Records what happened in agents' sessions and reads it back, per project. */
@Service
public class EventService {

    private static final int MAX_SESSION_ID_LENGTH = RecordEventRequest.MAX_SESSION_ID_LENGTH;
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = RecordEventRequest.MAX_IDEMPOTENCY_KEY_LENGTH;
    private static final int MAX_REASON_LENGTH = EventErasure.MAX_REASON_LENGTH;
    static final int MAX_CONTEXT_FIELD_LENGTH = 1024;
    static final int MAX_FILES = 100;
    private static final int MAX_DAYS_BACK = Timeline.MAX_DAYS_BACK;
    static final int TIMELINE_EVENT_LIMIT = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final MemoryProperties properties;
    private final Clock clock;

    EventService(JdbcTemplate jdbc, MemoryProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    private record NewEvent(
            UUID id, String project, RecordEventRequest request, Instant occurredAt, String contextJson) {}

    /** Records an event; with an idempotency key already used in the project, returns that event's id instead. */
    public UUID record(RecordEventRequest request) {
        NewEvent event = validate(request, properties.resolveProject(request.project()), "");
        if (request.idempotencyKey() != null) {
            return insertOnce(event);
        }
        insert(List.of(event));
        return event.id();
    }

    /** Records up to {@code athena.memory.max-batch-items} events of one project, all or none. */
    @Transactional
    public List<UUID> recordBatch(String project, List<RecordEventRequest> events) {
        if (events == null || events.isEmpty()) {
            throw new MemoryValidationException("events", "must contain at least one event");
        }
        if (events.size() > properties.maxBatchItems()) {
            throw new MemoryValidationException(
                    "events", "at most " + properties.maxBatchItems() + " events per batch, got " + events.size());
        }
        String resolved = properties.resolveProject(project);
        List<NewEvent> validated = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            RecordEventRequest event = events.get(i);
            if (event.project() != null && !event.project().equals(resolved)) {
                throw new MemoryValidationException(
                        "events[" + i + "].project", "must match the batch's project or be left out");
            }
            validated.add(validate(event, resolved, "events[" + i + "]."));
        }
        insert(validated.stream()
                .filter(event -> event.request().idempotencyKey() == null)
                .toList());
        List<UUID> ids = new ArrayList<>(validated.size());
        for (NewEvent event : validated) {
            ids.add(event.request().idempotencyKey() == null ? event.id() : insertOnce(event));
        }
        return ids;
    }

    /**
     * Erases one event of the project, or every event matching the filter (which needs {@code confirmed}). The rows and
     * the provenance links to them are deleted; {@code event_history} keeps that they were erased, when and why.
     *
     * @return the ids erased; none when no event of the project matched (an unknown id included)
     */
    @Transactional
    public List<UUID> erase(String project, EventErasure erasure, boolean confirmed, String reason) {
        String resolved = properties.resolveProject(project);
        if (erasure.isEmpty()) {
            throw new MemoryValidationException(
                    "filter",
                    "needs event_id, or at least one of session_id, event_type, occurred_after, occurred_before");
        }
        if (erasure.eventId() == null && !confirmed) {
            throw new MemoryValidationException("confirm", "must be true to erase events by filter");
        }
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw new MemoryValidationException("reason", "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        String type = erasure.eventType() == null ? null : erasure.eventType().wireName();
        List<UUID> erased = jdbc.queryForList(
                """
                DELETE FROM episodic_events
                WHERE project = ?
                  AND (CAST(? AS uuid) IS NULL OR id = ?)
                  AND (CAST(? AS text) IS NULL OR session_id = ?)
                  AND (CAST(? AS text) IS NULL OR event_type = ?)
                  AND (CAST(? AS timestamptz) IS NULL OR occurred_at >= ?)
                  AND (CAST(? AS timestamptz) IS NULL OR occurred_at < ?)
                RETURNING id
                """,
                UUID.class,
                resolved,
                erasure.eventId(),
                erasure.eventId(),
                erasure.sessionId(),
                erasure.sessionId(),
                type,
                type,
                timestamp(erasure.occurredAfter()),
                timestamp(erasure.occurredAfter()),
                timestamp(erasure.occurredBefore()),
                timestamp(erasure.occurredBefore()));
        jdbc.batchUpdate(
                "DELETE FROM memory_provenance WHERE source_kind = 'event' AND source_id = ?",
                erased,
                erased.size(),
                (ps, id) -> ps.setObject(1, id));
        jdbc.batchUpdate(
                "INSERT INTO event_history (event_id, project, action, reason) VALUES (?, ?, 'erased', ?)",
                erased,
                erased.size(),
                (ps, id) -> {
                    ps.setObject(1, id);
                    ps.setString(2, resolved);
                    ps.setString(3, reason);
                });
        return erased;
    }

    /** What happened to an event of the project, oldest first: empty for an event never erased (or never recorded). */
    public List<EventHistoryEntry> history(UUID eventId, String project) {
        if (eventId == null) {
            throw new MemoryValidationException("event_id", "is required");
        }
        return jdbc.query(
                "SELECT * FROM event_history WHERE project = ? AND event_id = ? ORDER BY id",
                (rs, row) -> new EventHistoryEntry(
                        rs.getLong("id"),
                        rs.getObject("event_id", UUID.class),
                        rs.getString("action"),
                        rs.getString("reason"),
                        rs.getTimestamp("created_at").toInstant()),
                properties.resolveProject(project),
                eventId);
    }

    public List<EpisodicEvent> recall(EventQuery query) {
        String project = properties.resolveProject(query.project());
        int limit = query.limit() == null ? EventQuery.DEFAULT_LIMIT : query.limit();
        if (limit < 1 || limit > EventQuery.MAX_LIMIT) {
            throw new MemoryValidationException("limit", "must be between 1 and " + EventQuery.MAX_LIMIT);
        }
        if (query.from() != null && query.to() != null && query.from().isAfter(query.to())) {
            throw new MemoryValidationException("from", "must not be after 'to'");
        }
        String type = query.eventType() == null ? null : query.eventType().wireName();
        return jdbc.query(
                """
                SELECT * FROM episodic_events
                WHERE project = ?
                  AND (CAST(? AS text) IS NULL OR session_id = ?)
                  AND (CAST(? AS text) IS NULL OR event_type = ?)
                  AND (CAST(? AS timestamptz) IS NULL OR occurred_at >= ?)
                  AND (CAST(? AS timestamptz) IS NULL OR occurred_at < ?)
                ORDER BY occurred_at DESC, id DESC LIMIT ?
                """,
                EVENT,
                project,
                query.sessionId(),
                query.sessionId(),
                type,
                type,
                timestamp(query.from()),
                timestamp(query.from()),
                timestamp(query.to()),
                timestamp(query.to()),
                limit);
    }

    public Timeline timeline(String project, int daysBack) {
        if (daysBack < 1 || daysBack > MAX_DAYS_BACK) {
            throw new MemoryValidationException("days_back", "must be between 1 and " + MAX_DAYS_BACK);
        }
        String resolved = properties.resolveProject(project);
        Timestamp since = Timestamp.from(clock.instant().minus(Duration.ofDays(daysBack)));
        Map<LocalDate, Map<String, Long>> perDay = new TreeMap<>(Comparator.reverseOrder());
        jdbc.query(
                """
                SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, event_type, count(*) AS n
                FROM episodic_events WHERE project = ? AND occurred_at >= ?
                GROUP BY 1, 2
                """,
                rs -> {
                    perDay.computeIfAbsent(rs.getObject("day", LocalDate.class), d -> new TreeMap<>())
                            .put(rs.getString("event_type"), rs.getLong("n"));
                },
                resolved,
                since);
        List<Timeline.Day> days = perDay.entrySet().stream()
                .map(e -> new Timeline.Day(
                        e.getKey(),
                        e.getValue().values().stream()
                                .mapToLong(Long::longValue)
                                .sum(),
                        e.getValue()))
                .toList();
        List<EpisodicEvent> events = jdbc.query("""
                SELECT * FROM episodic_events WHERE project = ? AND occurred_at >= ?
                ORDER BY occurred_at DESC, id DESC LIMIT ?
                """, EVENT, resolved, since, TIMELINE_EVENT_LIMIT + 1);
        boolean truncated = events.size() > TIMELINE_EVENT_LIMIT;
        return new Timeline(daysBack, days, truncated ? events.subList(0, TIMELINE_EVENT_LIMIT) : events, truncated);
    }

    /**
     * Events of the project still to consolidate, oldest first, that occurred at or after {@code since}: those never
     * consolidated and, when {@code includeAwaitingValidation}, those whose heuristic patterns wait for the model.
     */
    public List<EpisodicEvent> unconsolidated(
            String project, Instant since, int limit, boolean includeAwaitingValidation) {
        return jdbc.query(
                """
                SELECT * FROM episodic_events
                WHERE project = ? AND consolidation_state IN ('unconsolidated', ?) AND occurred_at >= ?
                ORDER BY occurred_at, id LIMIT ?
                """,
                EVENT,
                properties.resolveProject(project),
                includeAwaitingValidation ? "awaiting_validation" : "unconsolidated",
                Timestamp.from(since),
                limit);
    }

    /** Projects that have events left to consolidate since the instant. */
    public List<String> projectsWithUnconsolidatedEvents(Instant since) {
        return jdbc.queryForList("""
                SELECT DISTINCT project FROM episodic_events
                WHERE consolidation_state IN ('unconsolidated', 'awaiting_validation') AND occurred_at >= ? ORDER BY
                    project
                """, String.class, Timestamp.from(since));
    }

    /** Marks events consolidated; joins the caller's transaction so a cluster is all-or-nothing. */
    public int markConsolidated(String project, Collection<UUID> ids) {
        return setConsolidationState(project, ids, "consolidated");
    }

    /** Marks events whose patterns came from heuristics alone, to be revisited when the reasoning model is back. */
    public int markAwaitingValidation(String project, Collection<UUID> ids) {
        return setConsolidationState(project, ids, "awaiting_validation");
    }

    private int setConsolidationState(String project, Collection<UUID> ids, String state) {
        return jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    UPDATE episodic_events SET consolidation_state = ?, consolidated_at = now()
                    WHERE project = ? AND id = ANY(?) AND consolidation_state IN ('unconsolidated',
                        'awaiting_validation')
                      AND consolidation_state <> ?
                    """);
            ps.setString(1, state);
            ps.setString(2, properties.resolveProject(project));
            ps.setArray(3, con.createArrayOf("uuid", ids.toArray()));
            ps.setString(4, state);
            return ps;
        });
    }

    private NewEvent validate(RecordEventRequest request, String project, String prefix) {
        if (request.eventType() == null) {
            throw new MemoryValidationException(prefix + "event_type", "is required");
        }
        String content = request.content();
        if (content == null || content.isBlank()) {
            throw new MemoryValidationException(prefix + "content", "must not be empty");
        }
        if (content.getBytes(StandardCharsets.UTF_8).length > properties.maxContentBytes()
                || content.indexOf('\u0000') >= 0) {
            throw new MemoryValidationException(
                    prefix + "content",
                    "must be at most " + properties.maxContentBytes() + " bytes without NUL characters");
        }
        String key = request.idempotencyKey();
        if (key != null
                && (key.isBlank()
                        || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH
                        || key.chars().anyMatch(Character::isISOControl))) {
            throw new MemoryValidationException(
                    prefix + "idempotency_key",
                    "must be 1-" + MAX_IDEMPOTENCY_KEY_LENGTH + " characters without control characters");
        }
        if (request.durationMs() != null && request.durationMs() < 0) {
            throw new MemoryValidationException(prefix + "duration_ms", "must not be negative");
        }
        if (request.sessionId() != null
                && (request.sessionId().isBlank() || request.sessionId().length() > MAX_SESSION_ID_LENGTH)) {
            throw new MemoryValidationException(
                    prefix + "session_id", "must be 1-" + MAX_SESSION_ID_LENGTH + " characters");
        }
        EventContext context = request.context();
        checkLength(context.cwd(), prefix + "context.cwd");
        checkLength(context.task(), prefix + "context.task");
        checkLength(context.branch(), prefix + "context.branch");
        if (context.files().size() > MAX_FILES) {
            throw new MemoryValidationException(prefix + "context.files", "at most " + MAX_FILES + " files");
        }
        context.files().forEach(file -> checkLength(file, prefix + "context.files"));
        Instant now = clock.instant();
        Instant occurredAt = request.occurredAt() == null ? now : request.occurredAt();
        if (occurredAt.isAfter(now.plus(RememberValidator.MAX_CLOCK_SKEW))) {
            throw new MemoryValidationException(prefix + "occurred_at", "must not be in the future");
        }
        return new NewEvent(TimeOrderedIds.next(clock), project, request, occurredAt, JSON.writeValueAsString(context));
    }

    /**
     * Inserts the event unless its project already has one with the same idempotency key; either way returns the id of
     * the event stored under the key. A concurrent insert with the key waits on the unique index, then finds the row. A
     * key reused for a different event (another type or content) is a client's mistake, not a retry: 409.
     */
    private UUID insertOnce(NewEvent event) {
        RecordEventRequest r = event.request();
        List<UUID> inserted = jdbc.queryForList(
                """
                INSERT INTO episodic_events (id, project, session_id, occurred_at, event_type, content, outcome,
                    duration_ms,
                                             context, idempotency_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                ON CONFLICT (project, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING id
                """,
                UUID.class,
                event.id(),
                event.project(),
                r.sessionId(),
                Timestamp.from(event.occurredAt()),
                r.eventType().wireName(),
                r.content(),
                r.outcome() == null ? null : r.outcome().wireName(),
                r.durationMs(),
                event.contextJson(),
                r.idempotencyKey());
        if (!inserted.isEmpty()) {
            return inserted.get(0);
        }
        return jdbc.queryForObject(
                "SELECT id, event_type, content FROM episodic_events WHERE project = ? AND idempotency_key = ?",
                (rs, row) -> {
                    if (!rs.getString("event_type").equals(r.eventType().wireName())
                            || !rs.getString("content").equals(r.content())) {
                        throw new MemoryConflictException("idempotency_key '" + r.idempotencyKey() + "' was used for a "
                                + "different event in this project; a retry must repeat the event it retries");
                    }
                    return rs.getObject("id", UUID.class);
                },
                event.project(),
                r.idempotencyKey());
    }

    private static void checkLength(String value, String field) {
        if (value != null && (value.length() > MAX_CONTEXT_FIELD_LENGTH || value.indexOf('\u0000') >= 0)) {
            throw new MemoryValidationException(
                    field, "must be at most " + MAX_CONTEXT_FIELD_LENGTH + " characters without NUL");
        }
    }

    private void insert(List<NewEvent> events) {
        jdbc.batchUpdate("""
                INSERT INTO episodic_events (id, project, session_id, occurred_at, event_type, content, outcome,
                    duration_ms, context)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                """, events, events.size(), (ps, event) -> {
            RecordEventRequest r = event.request();
            ps.setObject(1, event.id());
            ps.setString(2, event.project());
            ps.setString(3, r.sessionId());
            ps.setTimestamp(4, Timestamp.from(event.occurredAt()));
            ps.setString(5, r.eventType().wireName());
            ps.setString(6, r.content());
            ps.setString(7, r.outcome() == null ? null : r.outcome().wireName());
            ps.setObject(8, r.durationMs());
            ps.setString(9, event.contextJson());
        });
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static final RowMapper<EpisodicEvent> EVENT = (rs, row) -> new EpisodicEvent(
            rs.getObject("id", UUID.class),
            rs.getString("project"),
            rs.getString("session_id"),
            rs.getTimestamp("occurred_at").toInstant(),
            EventType.fromWireName("event_type", rs.getString("event_type")),
            rs.getString("content"),
            outcome(rs),
            (Long) rs.getObject("duration_ms"),
            JSON.readValue(rs.getString("context"), EventContext.class),
            "consolidated".equals(rs.getString("consolidation_state")));

    private static EventOutcome outcome(ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        return outcome == null ? null : EventOutcome.fromWireName("outcome", outcome);
    }
}
