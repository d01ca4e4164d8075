package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;

import dev.athena.memory.RecallQueries.Candidate;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The in-process BM25 index against PostgreSQL: it scores exactly as the SQL BM25 does, and every recall sees every
 * memory committed before it, whatever wrote it and in whatever order transactions committed.
 */
@SpringBootTest
class InProcessBm25IntegrationTests extends DatabaseIntegrationTest {

    private static final String[] WORDS = {
        "kafka",
        "billing",
        "deploy",
        "friday",
        "postgres",
        "vacuum",
        "index",
        "latency",
        "budget",
        "alert",
        "team",
        "oncall",
        "migration",
        "schema",
        "replica",
        "cache",
        "timeout",
        "retry",
        "queue",
        "invoice"
    };

    @Autowired
    MemoryService memories;

    @Autowired
    MemoryLifecycleService lifecycle;

    @Autowired
    RecallQueries store;

    @Autowired
    RecallService recall;

    @Autowired
    InProcessBm25 bm25;

    @Autowired
    RecallProperties settings;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactionManager;

    @BeforeEach
    void indexLoaded() {
        bm25.refresh();
        assertThat(bm25.ready())
                .as("the index loads at start and after every refresh")
                .isTrue();
    }

    private UUID remember(String project, String content) {
        return memories.remember(RememberRequest.inProject(project, content)).id();
    }

    private List<UUID> search(String project, String query) {
        return bm25.search(project, query, 50).orElseThrow().stream()
                .map(TextHit::id)
                .toList();
    }

    @Test
    void scoresEveryMatchExactlyAsTheSqlBm25DoesWhenItsBudgetCoversThemAll() {
        Random random = new Random(7);
        for (int i = 0; i < 80; i++) {
            StringBuilder content = new StringBuilder("Note " + i + ":");
            int words = 3 + random.nextInt(12);
            for (int w = 0; w < words; w++) {
                content.append(' ').append(WORDS[random.nextInt(random.nextBoolean() ? 5 : WORDS.length)]);
            }
            remember(i % 4 == 0 ? "other" : "alpha", content.toString());
        }
        forgetAFew("alpha", 5);

        for (String query : List.of("kafka billing", "postgres vacuum latency", "invoice queue retry kafka", "team")) {
            Map<UUID, Double> inProcess = new LinkedHashMap<>();
            bm25.search("alpha", query, 1_000).orElseThrow().forEach(h -> inProcess.put(h.id(), h.score()));
            Map<UUID, Double> sql = new LinkedHashMap<>();
            store.fullTextBm25("alpha", query, null, RecallFilters.NONE, 1_000, 1_000_000, settings)
                    .forEach(c -> sql.put(c.id(), c.score()));

            assertThat(inProcess.keySet()).as(query).isEqualTo(sql.keySet()).isNotEmpty();
            sql.forEach((id, score) -> assertThat(inProcess.get(id)).as(query).isCloseTo(score, within(1e-9)));
            assertThat(new ArrayList<>(inProcess.values()))
                    .as("best first")
                    .isSortedAccordingTo((a, b) -> Double.compare(b, a));
        }
    }

    private void forgetAFew(String project, int count) {
        List<UUID> ids = jdbc.queryForList(
                "SELECT id FROM memories WHERE project = ? ORDER BY id LIMIT ?", UUID.class, project, count);
        ids.forEach(id -> lifecycle.forget(id, project, "outdated"));
    }

    @Test
    void aRecallFindsAMemoryRememberedJustBefore() {
        remember("alpha", "Kafka consumer lag on the billing topic");

        UUID fresh = remember("alpha", "The invoice queue retries three times");

        assertThat(search("alpha", "invoice retries")).containsExactly(fresh);
        RecallResult result = recall.recall(
                RecallRequest.inProject("alpha", "invoice retries", 5).withMode(RecallMode.TEXT, false));
        assertThat(result.memories()).extracting(RecalledMemory::id).containsExactly(fresh);
    }

    @Test
    void aTransactionThatCommitsAfterANewerOneIsNotMissed() throws Exception {
        try (Connection older = dataSource.getConnection();
                Connection newer = dataSource.getConnection()) {
            older.setAutoCommit(false);
            UUID slow = insert(older, "The slow transaction wrote about vacuum");
            UUID quick = insert(newer, "The quick transaction wrote about vacuum");

            assertThat(search("alpha", "vacuum")).containsExactly(quick);

            older.commit();
            assertThat(search("alpha", "vacuum")).containsExactlyInAnyOrder(slow, quick);
        }
    }

    private static UUID insert(Connection connection, String content) throws Exception {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO memories (id, project, memory_type, content, content_hash) VALUES (?, 'alpha', 'fact', ?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, content);
            ps.setString(3, id.toString());
            ps.executeUpdate();
        }
        return id;
    }

    @Test
    void forgottenSupersededAndPurgedMemoriesLeaveTheIndex() {
        UUID kept = remember("alpha", "Deploys run on Fridays");
        UUID superseded = remember("alpha", "Deploys run on Mondays");
        UUID successor = memories.remember(new RememberRequest(
                                "Deploys run on Tuesdays",
                                MemoryType.FACT,
                                List.of(),
                                null,
                                Map.of(),
                                "alpha",
                                null,
                                null)
                        .superseding(superseded))
                .id();
        UUID forgotten = remember("alpha", "Deploys need a ticket");
        UUID purged = remember("alpha", "Deploys page the on-call engineer");
        assertThat(search("alpha", "deploys")).hasSize(4);

        lifecycle.forget(forgotten, "alpha", "outdated");
        lifecycle.purge(purged, "alpha", "erasure request");

        assertThat(search("alpha", "deploys")).containsExactlyInAnyOrder(kept, successor);
    }

    @Test
    void projectsAreSeparateCorpora() {
        UUID alpha = remember("alpha", "Kafka lag in alpha");
        UUID beta = remember("beta", "Kafka lag in beta");

        assertThat(search("alpha", "kafka")).containsExactly(alpha);
        assertThat(search("beta", "kafka")).containsExactly(beta);
        assertThat(search("gamma", "kafka")).isEmpty();
    }

    @Test
    void truncatingTheMemoriesEmptiesTheIndex() {
        remember("alpha", "Kafka lag before the truncate");
        assertThat(search("alpha", "kafka")).hasSize(1);

        truncate("TRUNCATE memories, episodic_events, memory_provenance CASCADE");
        UUID after = remember("alpha", "Kafka lag after the truncate");

        assertThat(search("alpha", "kafka")).containsExactly(after);
    }

    @Test
    void aHitTheDatabaseNoLongerHoldsAsActiveIsNotReturned() {
        UUID forgotten = remember("alpha", "Kafka lag that was forgotten");
        UUID kept = remember("alpha", "Kafka lag that is kept");
        List<TextHit> hits = bm25.search("alpha", "kafka", 10).orElseThrow();
        lifecycle.forget(forgotten, "alpha", "outdated");

        List<Candidate> fetched = store.retrieve(
                        "alpha", null, hits, RecallFilters.NONE, 10, RecallQueries.VectorSearch.GRAPH)
                .text();

        assertThat(fetched).extracting(Candidate::id).containsExactly(kept);
    }

    @Test
    void aReloadedIndexAnswersAsTheOneKeptUpByTheChangeLog() {
        remember("alpha", "Postgres vacuum runs nightly");
        UUID forgotten = remember("alpha", "Postgres vacuum is off on the test machine");
        remember("alpha", "Postgres replicas lag under vacuum");
        lifecycle.forget(forgotten, "alpha", "outdated");
        List<TextHit> keptUp = bm25.search("alpha", "postgres vacuum", 10).orElseThrow();

        TextIndex reloaded = new TextIndex();
        TextIndex.Load load = new TextIndex.Load();
        TextIndexChanges changes = new TextIndexChanges(jdbc, transactionManager, true);
        reloaded.load(changes.readAll(load::add), load, Instant.now());

        assertThat(reloaded.search("alpha", List.of("postgr", "vacuum"), 10, 1.2, 0.75, Instant.now())
                        .orElseThrow())
                .isEqualTo(keptUp);
    }

    @Test
    void aLargePruneVacuumsTheChangeLog() throws Exception {
        jdbc.update(
                "INSERT INTO memory_text_changes (memory_id, project, logged_at)"
                        // Younger than the default retention, so that other test contexts' background refresh leaves
                        // them.
                        + " SELECT gen_random_uuid(), 'alpha', now() - interval '20 minutes' FROM generate_series(1, ?)",
                TextIndexChanges.VACUUM_AFTER_ROWS);
        long vacuumsBefore = vacuums();

        assertThat(new TextIndexChanges(jdbc, transactionManager, true).prune(Duration.ofMinutes(10)))
                .isGreaterThanOrEqualTo(TextIndexChanges.VACUUM_AFTER_ROWS);

        // The statistics reach other sessions when the vacuuming one reports them: wait for that.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (vacuums() == vacuumsBefore && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(vacuums()).isGreaterThan(vacuumsBefore);
    }

    private long vacuums() {
        jdbc.execute("SELECT pg_stat_clear_snapshot()");
        return count("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'memory_text_changes'");
    }

    @Test
    void changeLogEntriesPastTheRetentionAreDeleted() {
        remember("alpha", "An old change");
        // Younger than the default retention, so that other test contexts' background refresh leaves it to this test.
        jdbc.update("UPDATE memory_text_changes SET logged_at = now() - interval '20 minutes'");
        remember("alpha", "A new change");

        TextIndexChanges changes = new TextIndexChanges(jdbc, transactionManager, true);
        assertThat(changes.prune(Duration.ofMinutes(10))).isPositive();

        assertThat(count("SELECT count(*) FROM memory_text_changes WHERE logged_at < now() - interval '10 minutes'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM memory_text_changes")).isPositive();
    }
}
