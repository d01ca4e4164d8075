package dev.athena.consolidation;

import static dev.athena.consolidation.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.athena.memory.EpisodicEvent;
import dev.athena.memory.EventOutcome;
import dev.athena.memory.EventType;
import org.junit.jupiter.api.Test;

class EventClustererTests {

    private final EventClusterer clusterer = new EventClusterer();

    @Test
    void groupsBySessionAndSplitsAtPausesLongerThanTheGap() {
        EpisodicEvent a1 = event(0, EventType.ACTION, EventOutcome.SUCCESS, "a1", "A");
        EpisodicEvent a2 = event(30, EventType.ACTION, EventOutcome.SUCCESS, "a2", "A");
        EpisodicEvent a3 = event(200, EventType.ACTION, EventOutcome.SUCCESS, "a3", "A");
        EpisodicEvent b1 = event(10, EventType.ACTION, EventOutcome.SUCCESS, "b1", "B");

        List<EventCluster> clusters = clusterer.cluster(List.of(a3, b1, a2, a1), Duration.ofMinutes(60));

        assertThat(clusters)
                .extracting(EventCluster::events)
                .containsExactly(List.of(a1, a2), List.of(b1), List.of(a3));
    }

    @Test
    void joinsClustersCloseInTimeThatTouchTheSameFiles() {
        EpisodicEvent a = event(0, EventType.FILE_CHANGE, EventOutcome.SUCCESS, "edit", "A", "Billing.java");
        EpisodicEvent b = event(20, EventType.TEST_RUN, EventOutcome.SUCCESS, "test", "B", "Billing.java");
        EpisodicEvent c = event(25, EventType.TEST_RUN, EventOutcome.SUCCESS, "other", "C", "Search.java");

        List<EventCluster> clusters = clusterer.cluster(List.of(a, b, c), Duration.ofMinutes(60));

        assertThat(clusters).hasSize(2);
        assertThat(clusters.get(0).events()).containsExactly(a, b);
    }
}
