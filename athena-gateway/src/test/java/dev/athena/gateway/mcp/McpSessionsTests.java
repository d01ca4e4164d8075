package dev.athena.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.athena.gateway.tools.CapacityExceededException;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class McpSessionsTests {

    private final MutableClock clock = new MutableClock();
    private final McpSessions sessions = new McpSessions(
            new McpProperties(Duration.ofMinutes(30), 2, 3, DataSize.ofKilobytes(16), DataSize.ofKilobytes(1), 256),
            clock);

    @Test
    void aSessionAnswersOnlyTheKeyThatOpenedIt() {
        open("alpha", "s1");

        assertThat(sessions.startRequest("s1", "beta")).isFalse();
        assertThat(sessions.startRequest("s1", "alpha")).isTrue();
        assertThat(sessions.startRequest("unknown", "alpha")).isFalse();
    }

    @Test
    void anIdleSessionExpiresAndIsClosedWhenTheNextOneOpens() {
        open("alpha", "s1");
        clock.advance(Duration.ofMinutes(30));

        assertThat(sessions.startRequest("s1", "alpha")).isFalse();

        open("alpha", "s2");
        clock.advance(Duration.ofMinutes(30));
        McpSessions.Admission admission = sessions.admit("beta");
        assertThat(admission.expired()).containsExactly("s2");
        assertThat(admission.evicted()).isEmpty();
    }

    @Test
    void aSessionInUseNeverExpires() {
        open("alpha", "s1");
        assertThat(sessions.startRequest("s1", "alpha")).isTrue();
        clock.advance(Duration.ofHours(2));

        assertThat(sessions.admit("beta").expired()).isEmpty();
        sessions.endRequest("s1");
        assertThat(sessions.startRequest("s1", "alpha")).isTrue();
    }

    @Test
    void aKeyOverItsCapGivesUpItsLeastRecentlyUsedIdleSession() {
        open("alpha", "s1");
        clock.advance(Duration.ofSeconds(1));
        open("alpha", "s2");
        clock.advance(Duration.ofSeconds(1));
        sessions.startRequest("s1", "alpha");
        sessions.endRequest("s1");

        McpSessions.Admission admission = sessions.admit("alpha");

        assertThat(admission.evicted()).containsExactly("s2");
        assertThat(sessions.startRequest("s2", "alpha")).isFalse();
        assertThat(sessions.startRequest("s1", "alpha")).isTrue();
    }

    @Test
    void aKeyWhoseSessionsAreAllBusyIsTold429() {
        open("alpha", "s1");
        open("alpha", "s2");
        sessions.startRequest("s1", "alpha");
        sessions.startRequest("s2", "alpha");

        assertThatThrownBy(() -> sessions.admit("alpha"))
                .isInstanceOfSatisfying(
                        CapacityExceededException.class,
                        e -> assertThat(e.scope()).isEqualTo(CapacityExceededException.Scope.CALLER));
        assertThat(sessions.admit("beta").evicted()).isEmpty();
    }

    @Test
    void theServerOverItsCapGivesUpTheLeastRecentlyUsedIdleSessionOfAnyKey() {
        open("alpha", "a1");
        clock.advance(Duration.ofSeconds(1));
        open("beta", "b1");
        clock.advance(Duration.ofSeconds(1));
        open("gamma", "c1");

        McpSessions.Admission admission = sessions.admit("delta");

        assertThat(admission.evicted()).containsExactly("a1");
        sessions.opened(admission, "d1");
        assertThat(sessions.size()).isEqualTo(3);
    }

    @Test
    void aServerWhoseSessionsAreAllBusyIsA503AndReservationsCount() {
        open("alpha", "a1");
        open("beta", "b1");
        sessions.startRequest("a1", "alpha");
        sessions.startRequest("b1", "beta");
        McpSessions.Admission pending = sessions.admit("gamma");

        assertThatThrownBy(() -> sessions.admit("delta"))
                .isInstanceOfSatisfying(
                        CapacityExceededException.class,
                        e -> assertThat(e.scope()).isEqualTo(CapacityExceededException.Scope.SERVER));
        sessions.abandoned(pending);
        assertThat(sessions.admit("delta").evicted()).isEmpty();
    }

    @Test
    void aClosedSessionIsForgotten() {
        open("alpha", "s1");
        sessions.closed("s1");

        assertThat(sessions.startRequest("s1", "alpha")).isFalse();
        assertThat(sessions.size()).isZero();
    }

    private void open(String owner, String id) {
        sessions.opened(sessions.admit(owner), id);
    }

    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
