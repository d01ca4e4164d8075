package dev.athena.gateway.tools;

import java.util.Locale;

import dev.athena.memory.MemoryConflictException;
import dev.athena.memory.MemoryNotFoundException;
import dev.athena.memory.MemoryValidationException;

/**
 * How a tool call ended: the {@code outcome} tag of the {@code athena.tool.calls} metric and of the log line, and the
 * HTTP status of the answer. Client mistakes (4xx) and server trouble (5xx) are kept apart so that alerts on errors do
 * not fire on bad input. {@code throttled} is one caller over its own share of a limited resource, {@code overloaded}
 * the whole server at its limit; {@code unavailable} is the database.
 */
public enum ToolOutcome {
    SUCCESS(200),
    INVALID(400),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    THROTTLED(429),
    UNAVAILABLE(503),
    OVERLOADED(503),
    ERROR(500);

    private final int status;

    ToolOutcome(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The value of the {@code outcome} tag: {@code success}, {@code invalid}, {@code not_found}, ... */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ToolOutcome of(Throwable failure) {
        if (failure instanceof InvalidParametersException || failure instanceof MemoryValidationException) {
            return INVALID;
        }
        if (failure instanceof ProjectAccessDeniedException) {
            return FORBIDDEN;
        }
        if (failure instanceof UnknownToolException
                || failure instanceof NotFoundException
                || failure instanceof MemoryNotFoundException) {
            return NOT_FOUND;
        }
        if (failure instanceof MemoryConflictException) {
            return CONFLICT;
        }
        if (failure instanceof CapacityExceededException capacity) {
            return capacity.scope() == CapacityExceededException.Scope.CALLER ? THROTTLED : OVERLOADED;
        }
        return DatabaseFailures.isUnavailable(failure) ? UNAVAILABLE : ERROR;
    }
}
