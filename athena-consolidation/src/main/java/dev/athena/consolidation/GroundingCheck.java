package dev.athena.consolidation;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.athena.memory.EpisodicEvent;
import org.springframework.stereotype.Component;

/**
 * A pattern is kept only if the events it cites are in its cluster and its key terms occur in them. Models invent; this
 * is where an invented pattern is caught before it becomes a memory.
 */
@Component
class GroundingCheck {

    /** Words that carry no claim, including the glue of the heuristics' own statement templates. */
    private static final Set<String> IGNORED = Set.of(
            "about",
            "after",
            "again",
            "also",
            "because",
            "been",
            "before",
            "being",
            "both",
            "could",
            "does",
            "done",
            "each",
            "every",
            "from",
            "have",
            "having",
            "into",
            "just",
            "more",
            "most",
            "much",
            "must",
            "only",
            "other",
            "over",
            "same",
            "should",
            "some",
            "such",
            "than",
            "that",
            "their",
            "them",
            "then",
            "there",
            "these",
            "they",
            "this",
            "those",
            "through",
            "times",
            "until",
            "very",
            "were",
            "what",
            "when",
            "where",
            "which",
            "while",
            "will",
            "with",
            "would",
            "your",
            "agent",
            "team",
            "usually",
            "always",
            "often",
            "pattern",
            "decision",
            "deployment",
            "succeeded",
            "failed",
            "error",
            "resolved",
            "refactoring",
            "kept",
            "safe",
            "passing",
            "test",
            "tests",
            "driven",
            "change",
            "made",
            "pass",
            "repeated",
            "workflow",
            "fix",
            "fixed",
            "run");

    record Verdict(boolean grounded, double termCoverage, String reason) {}

    Verdict check(PatternCandidate pattern, EventCluster cluster, double threshold) {
        Map<UUID, EpisodicEvent> inCluster =
                cluster.events().stream().collect(Collectors.toMap(EpisodicEvent::id, Function.identity()));
        if (pattern.supportingEvents().isEmpty()) {
            return new Verdict(false, 0, "cites no events");
        }
        if (!inCluster.keySet().containsAll(pattern.supportingEvents())) {
            return new Verdict(false, 0, "cites events outside its cluster");
        }
        Set<String> terms = keyTerms(pattern.statement());
        if (terms.isEmpty()) {
            return new Verdict(false, 0, "states nothing checkable");
        }
        Set<String> evidence = new HashSet<>();
        for (UUID id : pattern.supportingEvents()) {
            EpisodicEvent event = inCluster.get(id);
            evidence.addAll(words(event.content()));
            event.context().files().forEach(f -> evidence.addAll(words(f)));
            if (event.context().task() != null) {
                evidence.addAll(words(event.context().task()));
            }
        }
        long found = terms.stream()
                .filter(term -> evidence.contains(term) || evidence.stream().anyMatch(w -> sameStem(w, term)))
                .count();
        double coverage = found / (double) terms.size();
        return coverage >= threshold
                ? new Verdict(true, coverage, "")
                : new Verdict(
                        false,
                        coverage,
                        String.format(
                                Locale.ROOT, "only %.0f%% of its key terms occur in the cited events", coverage * 100));
    }

    static Set<String> keyTerms(String text) {
        return words(text).stream()
                .filter(w -> w.length() >= 4 && !IGNORED.contains(w))
                .collect(Collectors.toSet());
    }

    private static List<String> words(String text) {
        return List.of(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_]+")).stream()
                .filter(w -> !w.isEmpty())
                .toList();
    }

    /** "timeouts" supports "timeout", "retrying" supports "retry": a shared prefix of five letters. */
    private static boolean sameStem(String a, String b) {
        int common = 0;
        while (common < Math.min(a.length(), b.length()) && a.charAt(common) == b.charAt(common)) {
            common++;
        }
        return common >= 5 && common >= Math.min(a.length(), b.length()) - 3;
    }
}
