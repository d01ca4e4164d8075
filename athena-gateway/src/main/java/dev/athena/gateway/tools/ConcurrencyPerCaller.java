package dev.athena.gateway.tools;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} calls of one API key at a time, refused beyond (429 with {@code Retry-After}), never queued: a
 * key that floods a costly tool waits for its own calls only, and cannot fill the shared queue for every other key. In
 * open mode all callers are the one anonymous caller and share the limit.
 */
public final class ConcurrencyPerCaller {

    /** A place taken by one call; closing it gives the place back. */
    public interface Permit extends AutoCloseable {

        /** The place of a call to a tool without a limit. */
        Permit NONE = () -> {};

        @Override
        void close();
    }

    private final int limit;
    private final String refusal;
    private final Duration retryAfter;
    private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();

    /**
     * @param limit calls per key at a time
     * @param calls what is counted, for the refusal: {@code compress_prompt calls}
     * @param property the property that sets the limit, for the refusal
     * @param retryAfter what the refusal's {@code Retry-After} suggests
     */
    public ConcurrencyPerCaller(int limit, String calls, String property, Duration retryAfter) {
        this.limit = limit;
        this.refusal = "this API key already has " + limit + " " + calls + " in progress (" + property
                + "); retry when one has finished";
        this.retryAfter = retryAfter;
    }

    Permit acquire(Caller caller) {
        String key = caller.keyFingerprint();
        boolean[] admitted = {false};
        running.compute(key, (k, count) -> {
            int current = count == null ? 0 : count;
            if (current >= limit) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            throw new CapacityExceededException(CapacityExceededException.Scope.CALLER, refusal, retryAfter);
        }
        return () -> running.computeIfPresent(key, (k, count) -> count > 1 ? count - 1 : null);
    }
}
