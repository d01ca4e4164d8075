package dev.athena.memory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * UUID version 7 (RFC 9562): a millisecond timestamp followed by random bits. New rows land at the right-hand edge of
 * the primary-key index instead of at random pages, which keeps bulk inserts fast.
 *
 * <p>Monotonic within this process (RFC 9562, section 6.2, method 1): ids made in the same millisecond count up in the
 * 12 bits after the timestamp, so the memories of one batch sort in the order they were given. Recall relies on that
 * order to find the turn that followed another in a conversation.
 */
final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int COUNTER_LIMIT = 1 << 12;

    private static long lastMillis;
    private static int counter;

    private TimeOrderedIds() {}

    static UUID next(Clock clock) {
        long millis;
        int sequence;
        synchronized (TimeOrderedIds.class) {
            millis = Math.max(clock.millis(), lastMillis);
            if (millis == lastMillis) {
                counter++;
                if (counter >= COUNTER_LIMIT) {
                    // 4,096 ids in one millisecond: borrow the next millisecond rather than lose the order.
                    millis++;
                    counter = 0;
                }
            } else {
                // A random start in the lower half leaves room to count up in the same millisecond.
                counter = RANDOM.nextInt(COUNTER_LIMIT / 2);
            }
            lastMillis = millis;
            sequence = counter;
        }
        long mostSignificant = (millis << 16) | (0x7L << 12) | sequence;
        long leastSignificant = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(mostSignificant, leastSignificant);
    }
}
