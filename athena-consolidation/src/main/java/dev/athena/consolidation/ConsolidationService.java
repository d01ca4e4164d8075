package dev.athena.consolidation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.athena.consolidation.PatternWriter.EmbeddedPattern;
import dev.athena.consolidation.PatternWriter.EventState;
import dev.athena.consolidation.PatternWriter.Outcome;
import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.memory.EpisodicEvent;
import dev.athena.memory.EventService;
import dev.athena.memory.LogValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Turns a project's episodic events into semantic pattern memories: cluster, recognise known shapes (System 1), ask the
 * reasoning model where the heuristics are unsure (System 2), keep only grounded patterns, merge them into what is
 * already known, and commit each cluster atomically.
 */
@Service
public class ConsolidationService {

    private static final Logger log = LoggerFactory.getLogger(ConsolidationService.class);

    /** How far back a run looks when the caller does not say. */
    public static final int DEFAULT_DAYS_BACK = 7;
    /** The furthest back a run may look. */
    public static final int MAX_DAYS_BACK = 365;

    private final EventService events;
    private final EventClusterer clusterer;
    private final SingletonAttacher singletons;
    private final HeuristicDetector heuristics;
    private final PatternModel model;
    private final GroundingCheck grounding;
    private final PatternWriter writer;
    private final ConsolidationLock lock;
    private final EmbeddingClient embeddings;
    private final ConsolidationProperties settings;
    private final ConsolidationMetrics metrics;
    private final Clock clock;

    ConsolidationService(
            EventService events,
            EventClusterer clusterer,
            SingletonAttacher singletons,
            HeuristicDetector heuristics,
            PatternModel model,
            GroundingCheck grounding,
            PatternWriter writer,
            ConsolidationLock lock,
            EmbeddingClient embeddings,
            ConsolidationProperties settings,
            ConsolidationMetrics metrics,
            Clock clock) {
        this.events = events;
        this.clusterer = clusterer;
        this.singletons = singletons;
        this.heuristics = heuristics;
        this.model = model;
        this.grounding = grounding;
        this.writer = writer;
        this.lock = lock;
        this.embeddings = embeddings;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Consolidates the project's events of the last {@code daysBack} days. Runs under the project's advisory lock; when
     * another instance holds it the report says {@code skipped} and nothing is done.
     */
    public ConsolidationReport consolidate(String project, Strategy strategy, int daysBack, boolean dryRun) {
        if (daysBack < 1 || daysBack > MAX_DAYS_BACK) {
            throw new IllegalArgumentException("days_back must be between 1 and " + MAX_DAYS_BACK);
        }
        long start = System.nanoTime();
        ConsolidationReport report = lock.runExclusively(
                project,
                () -> run(project, strategy, daysBack, dryRun, start),
                () -> new ConsolidationReport(
                        project,
                        strategy.wireName(),
                        dryRun,
                        true,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        false,
                        elapsedMs(start)));
        metrics.record(report);
        log.info(
                "consolidation project={} strategy={} dry_run={} skipped={} clusters={} created={} reinforced={} "
                        + "rejected={} model_calls={} latency_ms={}",
                LogValues.safe(project),
                strategy.wireName(),
                dryRun,
                report.skipped(),
                report.clustersFound(),
                report.patternsCreated(),
                report.patternsReinforced(),
                report.patternsRejected(),
                report.modelCalls(),
                report.durationMs());
        return report;
    }

    private ConsolidationReport run(String project, Strategy strategy, int daysBack, boolean dryRun, long start) {
        long callsBefore = model.calls();
        Instant since = clock.instant().minus(Duration.ofDays(daysBack));
        boolean revisit = strategy != Strategy.SPEED;
        List<EpisodicEvent> pending = events.unconsolidated(project, since, settings.maxEventsPerRun(), revisit);
        List<EventCluster> clusters = singletons
                .attach(clusterer.cluster(pending, settings.timeGap()), settings.timeGap(), settings.modelTimeout())
                .stream()
                .filter(c -> c.size() >= settings.minClusterSize())
                .toList();

        Tally tally = new Tally();
        for (EventCluster cluster : clusters) {
            consolidateCluster(project, strategy, dryRun, cluster, tally);
        }
        return new ConsolidationReport(
                project,
                strategy.wireName(),
                dryRun,
                false,
                pending.size(),
                clusters.size(),
                tally.sentToModel,
                tally.outcome.created(),
                tally.outcome.reinforced(),
                tally.rejected,
                tally.outcome.contradictions(),
                tally.consolidated,
                tally.awaiting,
                model.calls() - callsBefore,
                tally.modelUnavailable,
                elapsedMs(start));
    }

    private void consolidateCluster(
            String project, Strategy strategy, boolean dryRun, EventCluster cluster, Tally tally) {
        HeuristicAssessment assessment = heuristics.assess(cluster);
        List<PatternCandidate> candidates = new ArrayList<>(assessment.patterns());
        boolean validated = false;
        boolean awaiting = false;
        if (strategy.asksModel(assessment.uncertainty(), settings.uncertaintyThreshold())) {
            tally.sentToModel++;
            try {
                List<PatternCandidate> fromModel = model.extract(cluster, assessment);
                candidates = merge(assessment.patterns(), fromModel);
                validated = true;
            } catch (PatternModelUnavailableException e) {
                tally.modelUnavailable = true;
                awaiting = true;
                log.warn(
                        "reasoning model unavailable for a cluster of {} events, keeping heuristic patterns: {}",
                        cluster.size(),
                        e.getMessage());
            }
        }
        List<PatternCandidate> accepted = new ArrayList<>();
        for (PatternCandidate candidate : candidates) {
            if (candidate.confidence() < settings.minConfidence()
                    || !grounding
                            .check(candidate, cluster, settings.groundingThreshold())
                            .grounded()) {
                tally.rejected++;
                metrics.rejected(candidate.fromModel() ? "model" : "heuristic");
                continue;
            }
            accepted.add(validated && !candidate.fromModel() ? confirmed(candidate) : candidate);
        }
        accepted.sort(Comparator.comparingDouble(PatternCandidate::confidence).reversed());
        if (accepted.size() > settings.maxPatternsPerCluster()) {
            accepted = accepted.subList(0, settings.maxPatternsPerCluster());
        }
        List<EmbeddedPattern> embedded = embed(accepted);
        if (dryRun) {
            tally.outcome = tally.outcome.plus(writer.preview(project, embedded, settings));
        } else {
            EventState state = awaiting ? EventState.AWAITING_VALIDATION : EventState.CONSOLIDATED;
            tally.outcome = tally.outcome.plus(writer.write(
                    project, cluster, embedded, state, embeddings.model().name(), settings));
        }
        if (awaiting) {
            tally.awaiting += cluster.size();
        } else {
            tally.consolidated += cluster.size();
        }
    }

    /** The model's patterns, plus the heuristic ones it did not restate (by type). */
    private static List<PatternCandidate> merge(List<PatternCandidate> heuristic, List<PatternCandidate> fromModel) {
        List<PatternCandidate> merged = new ArrayList<>(fromModel);
        for (PatternCandidate h : heuristic) {
            if (fromModel.stream().noneMatch(m -> m.patternType().equals(h.patternType()))) {
                merged.add(h);
            }
        }
        return merged;
    }

    /** A heuristic pattern the model saw and did not contradict counts as model-validated. */
    private static PatternCandidate confirmed(PatternCandidate candidate) {
        return new PatternCandidate(
                candidate.patternType(),
                candidate.statement(),
                candidate.confidence(),
                candidate.supportingEvents(),
                true);
    }

    private List<EmbeddedPattern> embed(List<PatternCandidate> patterns) {
        if (patterns.isEmpty()) {
            return List.of();
        }
        List<float[]> vectors;
        try {
            vectors = embeddings
                    .embed(patterns.stream().map(PatternCandidate::statement).toList(), EmbeddingPurpose.DOCUMENT)
                    .block(settings.modelTimeout());
        } catch (RuntimeException e) {
            log.warn(
                    "pattern statements stored without vectors (embedder unavailable), merged by exact text only: {}",
                    e.getMessage());
            vectors = null;
        }
        List<EmbeddedPattern> embedded = new ArrayList<>(patterns.size());
        for (int i = 0; i < patterns.size(); i++) {
            embedded.add(new EmbeddedPattern(patterns.get(i), vectors == null ? null : vectors.get(i)));
        }
        return embedded;
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Running counts of one run. */
    private static final class Tally {
        private Outcome outcome = new Outcome(0, 0, 0);
        private int sentToModel;
        private int rejected;
        private int consolidated;
        private int awaiting;
        private boolean modelUnavailable;
    }
}
