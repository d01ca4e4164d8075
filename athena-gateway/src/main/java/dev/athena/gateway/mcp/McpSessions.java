package dev.athena.gateway.mcp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import dev.athena.gateway.tools.CapacityExceededException;
import dev.athena.gateway.tools.CapacityExceededException.Scope;

/**
 * Which MCP sessions are open, which API key opened each, and when each was last used. The SDK's transport keeps the
 * sessions themselves; this decides who may use one and which must go: a session answers only the key that opened it,
 * expires after {@code idleTimeout} without a request, and a key over its cap (or the server over its own) gives up its
 * least recently used idle session. A session with a request in progress is never chosen.
 *
 * <p>Opening a session takes two steps, because the transport assigns the id: {@link #admit} reserves a place (and
 * names the sessions to close to make room), then {@link #opened} or {@link #abandoned} settles it.
 */
final class McpSessions {

    /** How long to wait before retrying when every session that could make room is busy. */
    static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(5);

    private final McpProperties limits;
    private final Clock clock;
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Integer> reservations = new HashMap<>();

    McpSessions(McpProperties limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    private static final class Session {
        final String id;
        final String owner;
        Instant lastUsed;
        int requestsInProgress;

        Session(String id, String owner, Instant lastUsed) {
            this.id = id;
            this.owner = owner;
            this.lastUsed = lastUsed;
        }
    }

    /**
     * A place reserved for a new session of {@code owner}, and the sessions to close first: those idle past the
     * timeout, and those given up to make room.
     */
    record Admission(String owner, List<String> expired, List<String> evicted) {}

    /**
     * Reserves a place for a new session of {@code owner}, making room by closing expired sessions, then the key's own
     * least recently used idle one, then anyone's.
     *
     * @throws CapacityExceededException when the key's (429) or the server's (503) sessions are all busy
     */
    synchronized Admission admit(String owner) {
        List<String> expired = removeExpired();
        List<String> evicted = new ArrayList<>();
        if (count(session -> session.owner.equals(owner)) + reservations.getOrDefault(owner, 0)
                >= limits.maxSessionsPerKey()) {
            evicted.add(evictLeastRecentlyUsedIdle(session -> session.owner.equals(owner))
                    .orElseThrow(() -> new CapacityExceededException(
                            Scope.CALLER,
                            "this API key has " + limits.maxSessionsPerKey()
                                    + " MCP sessions, all of them busy (athena.mcp.max-sessions-per-key); close "
                                    + "one with DELETE /mcp",
                            BUSY_RETRY_AFTER)));
        }
        int reserved =
                reservations.values().stream().mapToInt(Integer::intValue).sum();
        if (sessions.size() + reserved >= limits.maxSessions()) {
            evicted.add(evictLeastRecentlyUsedIdle(session -> true)
                    .orElseThrow(() -> new CapacityExceededException(
                            Scope.SERVER,
                            "the server holds " + limits.maxSessions()
                                    + " MCP sessions, all of them busy (athena.mcp.max-sessions)",
                            BUSY_RETRY_AFTER)));
        }
        reservations.merge(owner, 1, Integer::sum);
        return new Admission(owner, expired, List.copyOf(evicted));
    }

    /** The reserved place now holds the session the transport opened. */
    synchronized void opened(Admission admission, String sessionId) {
        release(admission);
        sessions.put(sessionId, new Session(sessionId, admission.owner(), clock.instant()));
    }

    /** The transport opened no session: the place is free again. */
    synchronized void abandoned(Admission admission) {
        release(admission);
    }

    /**
     * Starts a request in a session, if it is open, unexpired and was opened by {@code owner}; a session of another key
     * looks exactly like one that does not exist.
     */
    synchronized boolean startRequest(String sessionId, String owner) {
        Session session = sessions.get(sessionId);
        if (session == null || !session.owner.equals(owner)) {
            return false;
        }
        if (expired(session, clock.instant())) {
            sessions.remove(sessionId);
            return false;
        }
        session.requestsInProgress++;
        session.lastUsed = clock.instant();
        return true;
    }

    synchronized void endRequest(String sessionId) {
        Session session = sessions.get(sessionId);
        if (session != null) {
            session.requestsInProgress = Math.max(0, session.requestsInProgress - 1);
            session.lastUsed = clock.instant();
        }
    }

    /** The session is closed (deleted by its client, or gone from the transport). */
    synchronized void closed(String sessionId) {
        sessions.remove(sessionId);
    }

    synchronized int size() {
        return sessions.size();
    }

    private List<String> removeExpired() {
        Instant now = clock.instant();
        List<String> expired = sessions.values().stream()
                .filter(session -> expired(session, now))
                .map(session -> session.id)
                .toList();
        expired.forEach(sessions::remove);
        return expired;
    }

    private boolean expired(Session session, Instant now) {
        return session.requestsInProgress == 0
                && !session.lastUsed.plus(limits.idleTimeout()).isAfter(now);
    }

    private Optional<String> evictLeastRecentlyUsedIdle(Predicate<Session> among) {
        Optional<Session> victim = sessions.values().stream()
                .filter(among)
                .filter(session -> session.requestsInProgress == 0)
                .min(Comparator.comparing((Session session) -> session.lastUsed));
        victim.ifPresent(session -> sessions.remove(session.id));
        return victim.map(session -> session.id);
    }

    private long count(Predicate<Session> which) {
        return sessions.values().stream().filter(which).count();
    }

    private void release(Admission admission) {
        reservations.computeIfPresent(admission.owner(), (owner, count) -> count > 1 ? count - 1 : null);
    }
}
