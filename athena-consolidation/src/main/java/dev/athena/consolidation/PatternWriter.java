package dev.athena.consolidation;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.memory.EventService;
import dev.athena.memory.NewPattern;
import dev.athena.memory.PatternLedger;
import dev.athena.memory.SimilarPattern;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes one cluster's outcome in one transaction: each pattern is merged into a similar existing one or created,
 * contradictions are linked, and the cluster's events change state. A crash never leaves half a cluster.
 */
@Component
class PatternWriter {

    private static final Pattern NEGATION =
            Pattern.compile("\\b(not|never|no longer|don't|do not|avoid|instead of|stop)\\b");

    private final PatternLedger ledger;
    private final EventService events;
    private final TransactionTemplate transaction;
    /** Its similarity scale: the thresholds are stated on MiniLM's ({@code EmbeddingModelInfo#rawSimilarity}). */
    private final EmbeddingClient embeddings;

    PatternWriter(
            PatternLedger ledger, EventService events, TransactionTemplate transaction, EmbeddingClient embeddings) {
        this.embeddings = embeddings;
        this.ledger = ledger;
        this.events = events;
        this.transaction = transaction;
    }

    /** A pattern with its statement's vector (null when the embedder was unavailable). */
    record EmbeddedPattern(PatternCandidate candidate, float[] vector) {}

    record Outcome(int created, int reinforced, int contradictions) {

        Outcome plus(Outcome other) {
            return new Outcome(
                    created + other.created, reinforced + other.reinforced, contradictions + other.contradictions);
        }
    }

    enum EventState {
        CONSOLIDATED,
        AWAITING_VALIDATION
    }

    Outcome write(
            String project,
            EventCluster cluster,
            List<EmbeddedPattern> patterns,
            EventState state,
            String embeddingModel,
            ConsolidationProperties settings) {
        return transaction.execute(status -> {
            Outcome outcome = new Outcome(0, 0, 0);
            for (EmbeddedPattern pattern : patterns) {
                outcome = outcome.plus(writeOne(project, pattern, embeddingModel, settings));
            }
            if (state == EventState.CONSOLIDATED) {
                events.markConsolidated(project, cluster.eventIds());
            } else {
                events.markAwaitingValidation(project, cluster.eventIds());
            }
            return outcome;
        });
    }

    /** What {@link #write} would do, without writing. */
    Outcome preview(String project, List<EmbeddedPattern> patterns, ConsolidationProperties settings) {
        Outcome outcome = new Outcome(0, 0, 0);
        for (EmbeddedPattern pattern : patterns) {
            boolean merges = existing(project, pattern, settings).isPresent();
            outcome = outcome.plus(new Outcome(merges ? 0 : 1, merges ? 1 : 0, 0));
        }
        return outcome;
    }

    private Outcome writeOne(
            String project, EmbeddedPattern pattern, String embeddingModel, ConsolidationProperties settings) {
        PatternCandidate candidate = pattern.candidate();
        Optional<UUID> existing = existing(project, pattern, settings);
        if (existing.isPresent()) {
            ledger.reinforce(
                    existing.get(),
                    project,
                    candidate.confidence(),
                    candidate.fromModel(),
                    candidate.supportingEvents());
            return new Outcome(0, 1, 0);
        }
        UUID created = ledger.create(new NewPattern(
                project,
                candidate.patternType(),
                candidate.statement(),
                candidate.confidence(),
                candidate.fromModel(),
                pattern.vector(),
                embeddingModel,
                candidate.supportingEvents()));
        int contradictions = 0;
        if (pattern.vector() != null) {
            Optional<SimilarPattern> nearest =
                    ledger.mostSimilar(project, pattern.vector()).filter(p -> !p.id().equals(created));
            if (nearest.isPresent()
                    && nearest.get().similarity()
                            >= embeddings.model().rawSimilarity(settings.contradictionSimilarity())
                    && opposite(nearest.get().statement(), candidate.statement())) {
                ledger.linkContradiction(created, nearest.get().id());
                contradictions = 1;
            }
        }
        return new Outcome(1, 0, contradictions);
    }

    private Optional<UUID> existing(String project, EmbeddedPattern pattern, ConsolidationProperties settings) {
        Optional<UUID> identical =
                ledger.withStatement(project, pattern.candidate().statement());
        if (identical.isPresent() || pattern.vector() == null) {
            return identical;
        }
        return ledger.mostSimilar(project, pattern.vector())
                .filter(p -> p.similarity() >= embeddings.model().rawSimilarity(settings.mergeSimilarity()))
                .map(SimilarPattern::id);
    }

    /** One statement negates what the other affirms. */
    static boolean opposite(String a, String b) {
        return NEGATION.matcher(a.toLowerCase(Locale.ROOT)).find()
                != NEGATION.matcher(b.toLowerCase(Locale.ROOT)).find();
    }
}
