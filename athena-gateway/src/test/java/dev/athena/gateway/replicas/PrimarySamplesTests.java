package dev.athena.gateway.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class PrimarySamplesTests {

    private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

    private final PrimarySamples samples = new PrimarySamples(Duration.ofSeconds(10));

    @Test
    void knowsNoLagBeforeTheFirstSample() {
        assertThat(samples.lag(100, T0)).isNull();
    }

    @Test
    void aReplicaIsAtMostAsFarBehindAsTheNewestSampleItHasReplayed() {
        samples.add(T0, 100);
        samples.add(T0.plusSeconds(1), 200);
        samples.add(T0.plusSeconds(2), 300);

        Instant now = T0.plusMillis(2010);
        assertThat(samples.lag(300, now)).isEqualTo(new PrimarySamples.Lag(Duration.ofMillis(10), true));
        assertThat(samples.lag(250, now)).isEqualTo(new PrimarySamples.Lag(Duration.ofMillis(1010), true));
        assertThat(samples.lag(100, now)).isEqualTo(new PrimarySamples.Lag(Duration.ofMillis(2010), true));
    }

    @Test
    void aReplicaBehindEverySampleKeptIsAtLeastAsFarBehindAsTheOldest() {
        samples.add(T0, 100);
        samples.add(T0.plusSeconds(1), 200);

        assertThat(samples.lag(50, T0.plusSeconds(3))).isEqualTo(new PrimarySamples.Lag(Duration.ofSeconds(3), false));
    }

    @Test
    void anIdlePrimaryDoesNotMakeACaughtUpReplicaLag() {
        for (int second = 0; second < 30; second++) {
            samples.add(T0.plusSeconds(second), 100);
        }

        assertThat(samples.lag(100, T0.plusMillis(29_005)).lag()).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void forgetsSamplesOlderThanItKeepsButNeverTheLastOne() {
        samples.add(T0, 100);
        samples.add(T0.plusSeconds(30), 200);

        assertThat(samples.lag(150, T0.plusSeconds(31)))
                .isEqualTo(new PrimarySamples.Lag(Duration.ofSeconds(1), false));
        assertThat(samples.lag(200, T0.plusSeconds(31)).bound()).isTrue();
    }
}
