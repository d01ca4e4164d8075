package dev.athena.consolidation;

import static dev.athena.consolidation.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import dev.athena.memory.EpisodicEvent;
import dev.athena.memory.EventOutcome;
import dev.athena.memory.EventType;
import org.junit.jupiter.api.Test;

class GroundingCheckTests {

    private final GroundingCheck check = new GroundingCheck();
    private final EpisodicEvent timeout = event(
            0,
            EventType.ERROR,
            EventOutcome.FAILURE,
            "Timeouts calling the payment provider Adyen",
            "s1",
            "PaymentClient.java");
    private final EpisodicEvent retry =
            event(3, EventType.FILE_CHANGE, EventOutcome.SUCCESS, "Added retrying with backoff to PaymentClient");
    private final EventCluster cluster = new EventCluster(List.of(timeout, retry));

    private PatternCandidate pattern(String statement, UUID... events) {
        return new PatternCandidate("error_fix", statement, 0.8, List.of(events), true);
    }

    @Test
    void acceptsAPatternWhoseTermsOccurInTheCitedEvents() {
        var verdict = check.check(
                pattern(
                        "Payment provider timeouts are handled by retry with backoff in PaymentClient",
                        timeout.id(),
                        retry.id()),
                cluster,
                0.5);

        assertThat(verdict.grounded()).isTrue();
        assertThat(verdict.termCoverage()).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void rejectsInventedClaims() {
        var verdict = check.check(
                pattern("Kubernetes operators reconcile custom resources with leader election", timeout.id()),
                cluster,
                0.5);

        assertThat(verdict.grounded()).isFalse();
        assertThat(verdict.reason()).contains("key terms");
    }

    @Test
    void rejectsPatternsCitingEventsOutsideTheClusterOrNone() {
        assertThat(check.check(pattern("Adyen timeouts", UUID.randomUUID()), cluster, 0.5)
                        .reason())
                .contains("outside its cluster");
        assertThat(check.check(pattern("Adyen timeouts"), cluster, 0.5).reason())
                .contains("cites no events");
    }

    @Test
    void onlyTheCitedEventsCount() {
        var verdict = check.check(
                pattern("Added retrying with backoff to PaymentClient for Adyen timeouts", retry.id()), cluster, 0.9);

        assertThat(verdict.grounded()).isFalse();
    }
}
