package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeOrderedIdsTests {

    @Test
    void idsMadeInTheSameMillisecondSortInTheOrderTheyWereMade() {
        Clock frozen = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) { // more than the 4,096 a millisecond can count
            ids.add(TimeOrderedIds.next(frozen));
        }

        // PostgreSQL orders uuid by its bytes, unsigned: the same as comparing the hex strings.
        List<String> made = ids.stream().map(UUID::toString).toList();
        assertThat(made).isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates();
        assertThat(ids).allSatisfy(id -> assertThat(id.version()).isEqualTo(7));
    }
}
