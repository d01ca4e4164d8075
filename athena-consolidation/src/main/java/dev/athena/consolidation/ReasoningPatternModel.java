package dev.athena.consolidation;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.athena.memory.EpisodicEvent;
import dev.athena.reasoning.ContextLengthExceededException;
import dev.athena.reasoning.GenerationOptions;
import dev.athena.reasoning.InvalidStructuredOutputException;
import dev.athena.reasoning.ReasoningClient;
import dev.athena.reasoning.ReasoningException;
import dev.athena.reasoning.ReasoningModelInfo;
import dev.athena.reasoning.ReasoningUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * System 2 through the reasoning port's structured output: the cluster's events go to the model with short labels (E1,
 * E2, ...), the answer must match {@link ModelAnswer}'s JSON Schema, and labels are mapped back to event ids. Clusters
 * too large for the model's context are split, by the configured share of the context and again when the server says
 * the prompt did not fit.
 */
@Component
class ReasoningPatternModel implements PatternModel {

    private static final Logger log = LoggerFactory.getLogger(ReasoningPatternModel.class);
    static final String SYSTEM_PROMPT = """
            You are the consolidation engine of a memory system for software agents. You read a log of events from one \
            stretch of an agent's work and extract the few durable lessons worth remembering: how errors were fixed, \
            decisions and their reasons, workflows that repeat, what made deployments succeed or fail. State each \
            pattern in one or two plain sentences using the names, files and facts that appear in the events; never \
            invent facts. Cite the labels of the events that show each pattern. Return at most 3 patterns; return none \
            if nothing is worth keeping.""";
    private static final int CHARS_PER_TOKEN = 4;
    private static final UUID NOT_IN_CLUSTER = new UUID(0, 0);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ISO_INSTANT;

    record ModelPattern(
            @JsonProperty("pattern_type")
            @JsonPropertyDescription("one of error_fix, test_driven_cycle, refactoring, decision, deployment, "
                    + "repeated_workflow, insight")
            String patternType,

            @JsonPropertyDescription("the pattern in one or two sentences, using facts from the events")
            String statement,

            @JsonPropertyDescription("0 to 1: how sure the events make you")
            double confidence,

            @JsonProperty("supporting_events") @JsonPropertyDescription("labels of the events that show it, e.g. E3")
            List<String> supportingEvents) {}

    record ModelAnswer(
            @JsonPropertyDescription("at most 3 patterns") List<ModelPattern> patterns) {}

    private final ReasoningClient reasoning;
    private final ConsolidationProperties settings;
    private final AtomicLong calls = new AtomicLong();

    ReasoningPatternModel(ReasoningClient reasoning, ConsolidationProperties settings) {
        this.reasoning = reasoning;
        this.settings = settings;
    }

    @Override
    public long calls() {
        return calls.get();
    }

    @Override
    public List<PatternCandidate> extract(EventCluster cluster, HeuristicAssessment heuristics) {
        ReasoningModelInfo info;
        try {
            info = reasoning.model().block(settings.modelTimeout());
        } catch (RuntimeException e) {
            throw new PatternModelUnavailableException("reasoning model unavailable: " + e.getMessage(), e);
        }
        int budgetChars =
                (int) (info.contextTokens() * settings.promptContextShare() * CHARS_PER_TOKEN) - SYSTEM_PROMPT.length();
        List<PatternCandidate> patterns = new ArrayList<>();
        for (List<EpisodicEvent> part : split(cluster.events(), budgetChars)) {
            patterns.addAll(ask(part, heuristics));
        }
        return patterns;
    }

    private List<PatternCandidate> ask(List<EpisodicEvent> events, HeuristicAssessment heuristics) {
        Map<String, UUID> labels = new HashMap<>();
        String prompt = prompt(events, heuristics, labels);
        calls.incrementAndGet();
        try {
            ModelAnswer answer = reasoning
                    .generateStructured(
                            SYSTEM_PROMPT,
                            prompt,
                            ModelAnswer.class,
                            GenerationOptions.defaults().withTemperature(0.2).withMaxTokens(700))
                    .block(settings.modelTimeout())
                    .value();
            return answer.patterns() == null
                    ? List.of()
                    : answer.patterns().stream().map(p -> candidate(p, labels)).toList();
        } catch (ContextLengthExceededException e) {
            if (events.size() < 4) {
                log.warn("a {}-event cluster part does not fit the model's context; skipped", events.size());
                return List.of();
            }
            int half = events.size() / 2;
            List<PatternCandidate> patterns = new ArrayList<>(ask(events.subList(0, half), heuristics));
            patterns.addAll(ask(events.subList(half, events.size()), heuristics));
            return patterns;
        } catch (InvalidStructuredOutputException e) {
            log.warn(
                    "the reasoning model's answer was not valid pattern JSON, even after a repair: {}", e.getMessage());
            return List.of();
        } catch (ReasoningUnavailableException e) {
            throw new PatternModelUnavailableException(e.getMessage(), e);
        } catch (ReasoningException e) {
            throw new PatternModelUnavailableException("reasoning failed: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            // Mono.block's timeout: the model is too slow to count on now.
            throw new PatternModelUnavailableException("reasoning timed out: " + e.getMessage(), e);
        }
    }

    private String prompt(List<EpisodicEvent> events, HeuristicAssessment heuristics, Map<String, UUID> labels) {
        StringBuilder prompt =
                new StringBuilder("Events, oldest first (label | time | type | outcome | files | text):\n");
        for (int i = 0; i < events.size(); i++) {
            String label = "E" + (i + 1);
            labels.put(label, events.get(i).id());
            prompt.append(line(label, events.get(i))).append('\n');
        }
        if (!heuristics.patterns().isEmpty()) {
            prompt.append("\nFast heuristics already noticed (confirm, correct or add to them):\n");
            heuristics
                    .patterns()
                    .forEach(p -> prompt.append("- ")
                            .append(p.patternType())
                            .append(": ")
                            .append(p.statement())
                            .append('\n'));
        }
        return prompt.append("\nExtract the patterns worth remembering.").toString();
    }

    private String line(String label, EpisodicEvent event) {
        String text = event.content().strip().replaceAll("\\s+", " ");
        if (text.length() > settings.maxEventChars()) {
            text = text.substring(0, settings.maxEventChars()) + "...";
        }
        return String.join(
                " | ",
                label,
                MINUTES.format(event.occurredAt().truncatedTo(ChronoUnit.MINUTES)),
                event.eventType().wireName(),
                event.outcome() == null ? "-" : event.outcome().wireName(),
                event.context().files().isEmpty()
                        ? "-"
                        : String.join(",", event.context().files()),
                text);
    }

    /** Splits events into parts whose prompt lines fit the budget, keeping time order. */
    private List<List<EpisodicEvent>> split(List<EpisodicEvent> events, int budgetChars) {
        List<List<EpisodicEvent>> parts = new ArrayList<>();
        List<EpisodicEvent> current = new ArrayList<>();
        int used = 0;
        for (EpisodicEvent event : events) {
            int length = line("E00", event).length() + 1;
            if (!current.isEmpty() && used + length > budgetChars) {
                parts.add(current);
                current = new ArrayList<>();
                used = 0;
            }
            current.add(event);
            used += length;
        }
        if (!current.isEmpty()) {
            parts.add(current);
        }
        return parts;
    }

    private static PatternCandidate candidate(ModelPattern pattern, Map<String, UUID> labels) {
        List<UUID> support = pattern.supportingEvents() == null
                ? List.of()
                : pattern.supportingEvents().stream()
                        .map(label -> labels.getOrDefault(label.strip().toUpperCase(Locale.ROOT), NOT_IN_CLUSTER))
                        .distinct()
                        .toList();
        String type = pattern.patternType() == null
                ? "insight"
                : pattern.patternType().strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        double confidence = Math.max(0, Math.min(1, pattern.confidence()));
        return new PatternCandidate(
                type, pattern.statement() == null ? "" : pattern.statement().strip(), confidence, support, true);
    }
}
