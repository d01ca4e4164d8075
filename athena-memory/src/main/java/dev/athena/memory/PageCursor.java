package dev.athena.memory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The position after the last memory of a page, opaque to callers: keyset pagination on (created_at, id), so pages stay
 * stable while new memories arrive and cost the same at any depth.
 */
record PageCursor(Instant createdAt, UUID id) {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    String encode() {
        String raw = createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static PageCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("expected three parts");
            }
            Instant createdAt = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            // A crafted cursor may name an instant Java reads and PostgreSQL cannot compare with (years past 294,276).
            if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST)) {
                throw new IllegalArgumentException("instant out of range");
            }
            return new PageCursor(createdAt, UUID.fromString(parts[2]));
        } catch (RuntimeException e) {
            throw new MemoryValidationException("cursor", "is not a cursor this server issued");
        }
    }
}
