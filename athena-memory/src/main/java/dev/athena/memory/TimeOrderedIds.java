package dev.athena.memory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * UUID version 7 (RFC 9562): a millisecond timestamp followed by random bits. New rows land at the right-hand
 * edge of the primary-key index instead of at random pages, which keeps bulk inserts fast.
 */
final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {
    }

    static UUID next(Clock clock) {
        long millis = clock.millis();
        long randomA = RANDOM.nextInt(1 << 12);
        long mostSignificant = (millis << 16) | (0x7L << 12) | randomA;
        long leastSignificant = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(mostSignificant, leastSignificant);
    }
}
