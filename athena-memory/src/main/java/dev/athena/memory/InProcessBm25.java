package dev.athena.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.athena.memory.ProjectVectorIndex.VectorHit;
import dev.athena.memory.TextIndexChanges.LexemesAndChanges;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * BM25 answered from an inverted index in the gateway's memory instead of from the memories' rows: at 100,000 memories
 * the SQL BM25 spent about two thirds of recall's database time reading and scoring a budget of matches' tsvectors, and
 * scored only that budget. PostgreSQL stays the source of truth: the index holds exactly what a PostgreSQL snapshot
 * sees, and every recall first reads the changes committed since (in the round trip that stems its query), so a recall
 * sees every memory committed before it started, written through this gateway or any other.
 *
 * <p>With {@code athena.recall.text-index.vectors} (off by default) it also holds each project's embeddings in an HNSW
 * graph of its own ({@link ProjectVectorIndex}), kept in step by the same reads: pgvector's graph walk is about half of
 * the database's CPU per recall, and the gateways scale out where the database does not.
 *
 * <p>The index is loaded once the application is up, and loaded again when it could not read the change log for half
 * the log's retention; whenever it is not loaded, recall runs BM25 in PostgreSQL and searches pgvector's index. It
 * holds the active memories' lexemes and term frequencies, and their quantized embeddings, on the heap (measured in
 * docs/benchmarks.md).
 */
@Component
public class InProcessBm25 {

    private static final Logger log = LoggerFactory.getLogger(InProcessBm25.class);
    private static final int LINK_BATCH = 32;
    private static final long LINK_DELAY_MS = 20;

    private final TextIndexChanges changes;
    private final TextIndexProperties settings;
    private final RecallProperties recall;
    private final Clock clock;
    private final TextIndex index;
    /**
     * Links the vectors recalls and refreshes put into the graphs, a few at a time: one thread of its own, since it may
     * work for seconds after a large batch and the scheduler's one thread serves every other background job.
     */
    private final ScheduledExecutorService linker = singleDaemonThread("athena-vector-linker");
    /**
     * Loads the index and keeps it in step: a thread of its own, because a load takes seconds (a minute and a half per
     * 100,000 memories with the vector graphs), and neither the thread that reports the application ready nor the
     * scheduler's one thread, which flushes access statistics, refreshes the gauges and triggers consolidation, should
     * wait for it. Until the index is loaded recall runs on the database, so nothing else needs to wait either.
     */
    private final ScheduledExecutorService refresher = singleDaemonThread("athena-text-index");

    InProcessBm25(TextIndexChanges changes, TextIndexProperties settings, RecallProperties recall, Clock clock) {
        this.changes = changes;
        this.settings = settings;
        this.recall = recall;
        this.clock = clock;
        this.index = new TextIndex(
                (long) (settings.vectorsMaxHeapShare() * Runtime.getRuntime().maxMemory()));
    }

    /**
     * The project's BM25 top {@code limit} for {@code query}, as of now; empty when the index is off or not loaded, and
     * then recall runs BM25 in PostgreSQL.
     */
    Optional<List<TextHit>> search(String project, String query, int limit) {
        PgSnapshot since = index.applied();
        if (!settings.enabled() || since == null) {
            return Optional.empty();
        }
        LexemesAndChanges read = changes.lexemesAndChanges(query, since);
        Instant now = clock.instant();
        index.apply(read.changes(), now);
        return index.search(project, read.lexemes(), limit, recall.bm25K1(), recall.bm25B(), now);
    }

    /** What the in-process index found for one recall: the BM25 hits (none when no text was asked) and the nearest. */
    record Hits(List<TextHit> text, List<VectorHit> nearest) {}

    /**
     * The project's BM25 top {@code textLimit} for {@code query} (when given) and its {@code vectorLimit} nearest
     * neighbours of {@code queryVector} from the in-process HNSW graph, both as of now (one read of the change log);
     * empty when the index is off, holds no vectors, or is not loaded, and then recall asks the database.
     */
    Optional<Hits> search(String project, String query, float[] queryVector, int textLimit, int vectorLimit, int ef) {
        PgSnapshot since = index.applied();
        if (!settings.enabled() || !settings.vectors() || since == null) {
            return Optional.empty();
        }
        LexemesAndChanges read = changes.lexemesAndChanges(query, since);
        Instant now = clock.instant();
        index.apply(read.changes(), now);
        Optional<List<VectorHit>> nearest = index.nearest(project, queryVector, vectorLimit, ef, now);
        if (nearest.isEmpty()) {
            return Optional.empty();
        }
        if (query == null) {
            return Optional.of(new Hits(List.of(), nearest.get()));
        }
        return index.search(project, read.lexemes(), textLimit, recall.bm25K1(), recall.bm25B(), now)
                .map(text -> new Hits(text, nearest.get()));
    }

    /**
     * The project's active memories as of the index's last read of the change log (at most a refresh behind); empty
     * when the index is off or not loaded.
     */
    OptionalInt activeMemories(String project) {
        return settings.enabled() ? index.activeMemories(project) : OptionalInt.empty();
    }

    /** Whether the index is loaded and answering. */
    public boolean ready() {
        return settings.enabled() && index.applied() != null;
    }

    /** Active memories in the index, over all projects. */
    public long size() {
        return index.size();
    }

    /**
     * Whether the vector graphs were dropped for outgrowing {@code vectors-max-heap-share}: recall then searches
     * pgvector's index, as with the graphs off, until the gateway loads its index again.
     */
    public boolean vectorsOverLimit() {
        return index.vectorsOverLimit();
    }

    /** About how many bytes of heap the in-process vector graphs take, over all projects. */
    public long vectorBytes() {
        return index.vectorBytes();
    }

    /**
     * Starts the background work once the application is up, and returns: the first load right away on the
     * {@code athena-text-index} thread, then a refresh every {@code refresh-interval} (a load that failed, the database
     * not reachable yet, is tried again there); from the load on recall uses the index.
     */
    @EventListener(ApplicationReadyEvent.class)
    void loadAtStart() {
        if (!settings.enabled()) {
            return;
        }
        if (settings.vectors()) {
            linker.scheduleWithFixedDelay(
                    this::linkPendingVectors, LINK_DELAY_MS, LINK_DELAY_MS, TimeUnit.MILLISECONDS);
        }
        refresher.scheduleWithFixedDelay(
                this::refreshInBackground, 0, settings.refreshInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A failure must not end the schedule: an executor runs a task that threw never again. */
    private void refreshInBackground() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("refreshing the in-process index failed, retrying next round", e);
        }
    }

    /**
     * Links every vector waiting for its graph, {@link #LINK_BATCH} at a time so that a recall waits at most for one
     * batch's insertions (about {@value #LINK_BATCH} ms at 100,000 vectors) before it reads.
     */
    void linkPendingVectors() {
        try {
            while (index.linkPending(LINK_BATCH) > 0) {
                // Lets the recalls that queued for the lock meanwhile take it before the next batch does.
                LockSupport.parkNanos(200_000);
            }
        } catch (RuntimeException e) {
            log.warn("linking vectors into the in-process graphs failed, retrying: {}", e.toString());
        }
    }

    @PreDestroy
    void stopBackgroundWork() {
        refresher.shutdownNow();
        linker.shutdownNow();
    }

    private static ScheduledExecutorService singleDaemonThread(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Loads the index when it has none, otherwise reads the changes since; and deletes change-log entries past their
     * retention. Runs on the {@code athena-text-index} thread (a fixed delay after the previous run ended, so a load
     * that outlasts the interval is not run twice), and from tests.
     */
    synchronized void refresh() {
        if (!settings.enabled()) {
            return;
        }
        try {
            Instant appliedAt = index.appliedAt();
            if (appliedAt != null
                    && Duration.between(appliedAt, clock.instant())
                                    .compareTo(settings.changeRetention().dividedBy(2))
                            > 0) {
                log.warn("the in-process BM25 index fell behind the change log's retention; reloading it");
                index.invalidate();
            }
            if (index.applied() == null) {
                load();
            } else {
                PgSnapshot since = index.applied();
                index.apply(changes.changesSince(since), clock.instant());
            }
            changes.prune(settings.changeRetention());
        } catch (DataAccessException e) {
            log.warn("refreshing the in-process BM25 index failed, retrying next round: {}", e.getMessage());
        }
    }

    private void load() {
        long started = System.nanoTime();
        TextIndex.Load load = index.newLoad();
        PgSnapshot snapshot = changes.readAll(load::add);
        index.load(snapshot, load, clock.instant());
        log.info(
                "in-process index loaded: {} active memories, vector graphs of about {} MB, in {} ms",
                index.size(),
                index.vectorBytes() / (1024 * 1024),
                (System.nanoTime() - started) / 1_000_000);
    }
}
