package dev.athena.consolidation;

import static dev.athena.consolidation.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.athena.memory.EpisodicEvent;
import dev.athena.memory.EventOutcome;
import dev.athena.memory.EventType;
import org.junit.jupiter.api.Test;

class HeuristicDetectorTests {

    private final HeuristicDetector detector = new HeuristicDetector();

    @Test
    void recognisesATestDrivenCycle() {
        EpisodicEvent failing =
                event(0, EventType.TEST_RUN, EventOutcome.FAILURE, "LoginTest.rejectsBadPassword fails");
        EpisodicEvent change =
                event(3, EventType.FILE_CHANGE, EventOutcome.SUCCESS, "Checked the password hash in LoginService");
        EpisodicEvent passing = event(5, EventType.TEST_RUN, EventOutcome.SUCCESS, "LoginTest: 6 tests passed");

        HeuristicAssessment assessment = detector.assess(new EventCluster(List.of(failing, change, passing)));

        assertThat(assessment.patterns()).anySatisfy(p -> {
            assertThat(p.patternType()).isEqualTo("test_driven_cycle");
            assertThat(p.confidence()).isEqualTo(0.85);
            assertThat(p.supportingEvents()).containsExactly(failing.id(), change.id(), passing.id());
            assertThat(p.statement())
                    .contains("LoginTest.rejectsBadPassword fails")
                    .contains("Checked the password hash");
        });
    }

    @Test
    void recognisesAnErrorThenItsFix() {
        EpisodicEvent error = event(0, EventType.ERROR, EventOutcome.FAILURE, "Timeout calling the tax service");
        EpisodicEvent fix =
                event(4, EventType.FILE_CHANGE, EventOutcome.SUCCESS, "Raised the tax client timeout to 5 seconds");
        EpisodicEvent ok = event(6, EventType.SUCCESS, EventOutcome.SUCCESS, "Checkout completes again");

        HeuristicAssessment assessment = detector.assess(new EventCluster(List.of(error, fix, ok)));

        assertThat(assessment.patterns()).anySatisfy(p -> {
            assertThat(p.patternType()).isEqualTo("error_fix");
            assertThat(p.confidence()).isEqualTo(0.80);
            assertThat(p.statement())
                    .isEqualTo("Error fix: \"Timeout calling the tax service\" was resolved by \"Raised the tax "
                            + "client timeout to 5 seconds\".");
        });
    }

    @Test
    void recognisesDecisionsDeploymentsRefactoringsAndRepeatedWorkflows() {
        List<EpisodicEvent> events = List.of(
                event(0, EventType.DECISION, EventOutcome.SUCCESS, "Use Flyway for schema changes"),
                event(2, EventType.REFACTORING, EventOutcome.SUCCESS, "Extracted OrderMapper"),
                event(4, EventType.TEST_RUN, EventOutcome.SUCCESS, "All 120 tests passed"),
                event(6, EventType.FILE_CHANGE, EventOutcome.SUCCESS, "edit A"),
                event(7, EventType.TEST_RUN, EventOutcome.SUCCESS, "tests pass A"),
                event(8, EventType.ACTION, EventOutcome.SUCCESS, "commit A"),
                event(9, EventType.FILE_CHANGE, EventOutcome.SUCCESS, "edit B"),
                event(10, EventType.TEST_RUN, EventOutcome.SUCCESS, "tests pass B"),
                event(11, EventType.ACTION, EventOutcome.SUCCESS, "commit B"),
                event(13, EventType.DEPLOYMENT, EventOutcome.FAILURE, "Deploy 1.2 failed: missing secret"));

        List<PatternCandidate> patterns =
                detector.assess(new EventCluster(events)).patterns();

        assertThat(patterns)
                .extracting(PatternCandidate::patternType)
                .contains("decision", "refactoring", "repeated_workflow", "deployment");
        assertThat(patterns)
                .filteredOn(p -> p.patternType().equals("deployment"))
                .singleElement()
                .satisfies(p -> assertThat(p.statement()).startsWith("Deployment failed:"));
        assertThat(patterns)
                .filteredOn(p -> p.patternType().equals("repeated_workflow"))
                .singleElement()
                .satisfies(p -> assertThat(p.statement()).contains("file change -> test run -> action, done 2 times"));
        assertThat(patterns)
                .extracting(PatternCandidate::confidence)
                .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void aConversationWithNoKnownShapeIsUncertainAndAClearDecisionIsNot() {
        HeuristicAssessment chat = detector.assess(new EventCluster(List.of(
                event(0, EventType.CONVERSATION, null, "How should we send emails?"),
                event(2, EventType.ACTION, EventOutcome.SUCCESS, "Read NotificationService"),
                event(4, EventType.CONVERSATION, null, "Maybe an outbox table"))));
        HeuristicAssessment decision = detector.assess(new EventCluster(List.of(
                event(0, EventType.DECISION, EventOutcome.SUCCESS, "Adopt an outbox table for emails"),
                event(2, EventType.DECISION, EventOutcome.SUCCESS, "Poll the outbox every 10 seconds"))));

        assertThat(chat.patterns()).isEmpty();
        assertThat(chat.uncertainty()).isGreaterThan(0.5);
        assertThat(decision.uncertainty()).isLessThan(0.5);
    }
}
