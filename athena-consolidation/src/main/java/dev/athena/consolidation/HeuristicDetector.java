package dev.athena.consolidation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.athena.memory.EpisodicEvent;
import dev.athena.memory.EventOutcome;
import dev.athena.memory.EventType;
import org.springframework.stereotype.Component;

/**
 * System 1: fast heuristics that recognise the shapes agents' work usually takes, each with the confidence the original
 * Athena measured for it. Statements quote the events, so they are grounded by construction.
 */
@Component
class HeuristicDetector {

    static final double TEST_DRIVEN_CYCLE = 0.85;
    static final double ERROR_FIX = 0.80;
    static final double REFACTORING = 0.75;
    static final double DECISION = 0.90;
    static final double DEPLOYMENT = 0.80;
    static final double REPEATED_WORKFLOW = 0.70;
    private static final int QUOTE_CHARS = 160;

    HeuristicAssessment assess(EventCluster cluster) {
        List<EpisodicEvent> events = cluster.events();
        List<PatternCandidate> patterns = new ArrayList<>();
        testDrivenCycle(events).ifPresent(patterns::add);
        errorFix(events).ifPresent(patterns::add);
        refactoring(events).ifPresent(patterns::add);
        decisions(events, patterns);
        deployments(events, patterns);
        repeatedWorkflow(events).ifPresent(patterns::add);
        patterns.sort(Comparator.comparingDouble(PatternCandidate::confidence).reversed());
        return new HeuristicAssessment(patterns, uncertainty(cluster, patterns));
    }

    /**
     * Mixes, as the original did, (1 - mean confidence), cluster size, event-type diversity and whether anything was
     * recognised at all. A small cluster with one clear decision scores low; a long, varied session with nothing
     * recognised scores high.
     */
    static double uncertainty(EventCluster cluster, List<PatternCandidate> patterns) {
        double meanConfidence = patterns.stream()
                .mapToDouble(PatternCandidate::confidence)
                .average()
                .orElse(0);
        double size = Math.min(1.0, cluster.size() / 30.0);
        double diversity = cluster.events().stream()
                        .map(EpisodicEvent::eventType)
                        .distinct()
                        .count()
                / (double) EventType.values().length;
        double nothingRecognised = patterns.isEmpty() ? 1 : 0;
        return 0.35 * (1 - meanConfidence) + 0.25 * size + 0.2 * diversity + 0.2 * nothingRecognised;
    }

    private static Optional<PatternCandidate> testDrivenCycle(List<EpisodicEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            EpisodicEvent failing = events.get(i);
            if (failing.eventType() != EventType.TEST_RUN || !failed(failing)) {
                continue;
            }
            List<EpisodicEvent> changes = new ArrayList<>();
            for (int j = i + 1; j < events.size(); j++) {
                EpisodicEvent next = events.get(j);
                if (next.eventType() == EventType.FILE_CHANGE || next.eventType() == EventType.REFACTORING) {
                    changes.add(next);
                } else if (next.eventType() == EventType.TEST_RUN && succeeded(next) && !changes.isEmpty()) {
                    List<UUID> support = new ArrayList<>(List.of(failing.id()));
                    changes.forEach(c -> support.add(c.id()));
                    support.add(next.id());
                    String statement = "Test-driven fix: after the failing test run " + quote(failing) + ", the change "
                            + quote(changes.get(changes.size() - 1)) + " made the tests pass " + quote(next) + ".";
                    return Optional.of(
                            new PatternCandidate("test_driven_cycle", statement, TEST_DRIVEN_CYCLE, support, false));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<PatternCandidate> errorFix(List<EpisodicEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            EpisodicEvent error = events.get(i);
            if (error.eventType() != EventType.ERROR) {
                continue;
            }
            List<UUID> support = new ArrayList<>(List.of(error.id()));
            EpisodicEvent fix = null;
            for (int j = i + 1; j < events.size(); j++) {
                EpisodicEvent next = events.get(j);
                if (next.eventType() == EventType.DEBUGGING || next.eventType() == EventType.FILE_CHANGE) {
                    support.add(next.id());
                    fix = next.eventType() == EventType.FILE_CHANGE ? next : fix;
                } else if (succeeded(next)
                        && (next.eventType() == EventType.SUCCESS || next.eventType() == EventType.TEST_RUN)) {
                    support.add(next.id());
                    EpisodicEvent resolution = fix != null ? fix : next;
                    String statement = "Error fix: " + quote(error) + " was resolved by " + quote(resolution) + ".";
                    return Optional.of(new PatternCandidate("error_fix", statement, ERROR_FIX, support, false));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<PatternCandidate> refactoring(List<EpisodicEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            EpisodicEvent refactoring = events.get(i);
            if (refactoring.eventType() != EventType.REFACTORING) {
                continue;
            }
            for (int j = i + 1; j < events.size(); j++) {
                EpisodicEvent next = events.get(j);
                if (next.eventType() == EventType.TEST_RUN && succeeded(next)) {
                    String statement = "Refactoring " + quote(refactoring) + " was kept safe by a passing test run "
                            + quote(next) + ".";
                    return Optional.of(new PatternCandidate(
                            "refactoring", statement, REFACTORING, List.of(refactoring.id(), next.id()), false));
                }
            }
        }
        return Optional.empty();
    }

    private static void decisions(List<EpisodicEvent> events, List<PatternCandidate> patterns) {
        for (EpisodicEvent event : events) {
            if (event.eventType() == EventType.DECISION) {
                patterns.add(new PatternCandidate(
                        "decision", "Decision: " + quote(event) + ".", DECISION, List.of(event.id()), false));
            }
        }
    }

    private static void deployments(List<EpisodicEvent> events, List<PatternCandidate> patterns) {
        for (int i = 0; i < events.size(); i++) {
            EpisodicEvent deployment = events.get(i);
            if (deployment.eventType() != EventType.DEPLOYMENT
                    || deployment.outcome() == null
                    || deployment.outcome() == EventOutcome.ONGOING) {
                continue;
            }
            List<UUID> support = new ArrayList<>();
            for (int j = Math.max(0, i - 3); j < i; j++) {
                if (events.get(j).eventType() == EventType.TEST_RUN) {
                    support.add(events.get(j).id());
                }
            }
            support.add(deployment.id());
            String statement = succeeded(deployment)
                    ? "Deployment succeeded: " + quote(deployment)
                            + (support.size() > 1 ? " after the tests passed." : ".")
                    : "Deployment failed: " + quote(deployment) + ".";
            patterns.add(new PatternCandidate("deployment", statement, DEPLOYMENT, support, false));
        }
    }

    /**
     * The same sequence of three event types done at least twice in the cluster. Talk is not a workflow: sequences with
     * a conversation in them, or of one type only, do not count.
     */
    private static Optional<PatternCandidate> repeatedWorkflow(List<EpisodicEvent> events) {
        Map<String, List<Integer>> starts = new HashMap<>();
        for (int i = 0; i + 2 < events.size(); i++) {
            String key = events.get(i).eventType().wireName() + " -> "
                    + events.get(i + 1).eventType().wireName() + " -> "
                    + events.get(i + 2).eventType().wireName();
            List<Integer> at = starts.computeIfAbsent(key, k -> new ArrayList<>());
            if (at.isEmpty() || i >= at.get(at.size() - 1) + 3) {
                at.add(i);
            }
        }
        return starts.entrySet().stream()
                .filter(e -> e.getValue().size() >= 2)
                .filter(e -> new LinkedHashSet<>(List.of(e.getKey().split(" -> "))).size() > 1)
                .filter(e -> !e.getKey().contains(EventType.CONVERSATION.wireName()))
                .max(Comparator.comparingInt(e -> e.getValue().size()))
                .map(e -> {
                    Set<UUID> support = new LinkedHashSet<>();
                    for (int start : e.getValue()) {
                        for (int k = start; k < start + 3; k++) {
                            support.add(events.get(k).id());
                        }
                    }
                    String statement = "Repeated workflow: " + e.getKey().replace('_', ' ') + ", done "
                            + e.getValue().size() + " times, e.g. "
                            + quote(events.get(e.getValue().get(0))) + ".";
                    return new PatternCandidate(
                            "repeated_workflow", statement, REPEATED_WORKFLOW, List.copyOf(support), false);
                });
    }

    private static boolean failed(EpisodicEvent event) {
        return event.outcome() == EventOutcome.FAILURE;
    }

    private static boolean succeeded(EpisodicEvent event) {
        return event.outcome() == EventOutcome.SUCCESS
                || (event.outcome() == null && event.eventType() == EventType.SUCCESS);
    }

    static String quote(EpisodicEvent event) {
        String text = event.content().strip().replaceAll("\\s+", " ");
        if (text.length() > QUOTE_CHARS) {
            text = text.substring(0, QUOTE_CHARS).replaceAll("\\s+\\S*$", "") + "...";
        }
        return "\"" + text + "\"";
    }
}
