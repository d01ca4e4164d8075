package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class ProjectExportImportIntegrationTests extends DatabaseIntegrationTest {

    private static final Instant JANUARY = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant JUNE = Instant.parse("2024-06-01T00:00:00Z");

    @Autowired
    ProjectExporter exporter;

    @Autowired
    ProjectImporter importer;

    @Autowired
    MemoryService memories;

    @Autowired
    MemoryLifecycleService lifecycle;

    @Autowired
    MemoryCatalog catalog;

    @Autowired
    RecallService recall;

    @Autowired
    EventService events;

    @Autowired
    PatternLedger patterns;

    @Autowired
    EmbeddingBackfill backfill;

    @Autowired
    EmbeddingClient embeddings;

    @Test
    void aLargeProjectExportedImportedIntoAnEmptyAthenaAndExportedAgainIsTheSame() {
        // How long the round trip takes is scripts/bench-export.sh's to measure (docs/benchmarks.md), not a test's:
        // a time limit here failed on a busy machine.
        seedLargeProject("big", 10_000, 5_000);
        UUID superseded = memories.remember(RememberRequest.inProject("big", "The CI runner has two cores")
                        .validDuring(JANUARY, null))
                .id();
        UUID successor = memories.remember(RememberRequest.inProject("big", "The CI runner has four cores")
                        .superseding(superseded)
                        .validDuring(JUNE, null))
                .id();
        UUID forgotten = memories.remember(RememberRequest.inProject("big", "Staging lives in eu-west-1"))
                .id();
        lifecycle.forget(forgotten, "big", "moved");
        List<UUID> sources = events.recall(new EventQuery("big", null, null, null, null, 3)).stream()
                .map(EpisodicEvent::id)
                .toList();
        UUID pattern = patterns.create(new NewPattern(
                "big", "error_fix", "Flaky tests are fixed by pinning the clock", 0.7, false, null, null, sources));
        UUID rival = patterns.create(new NewPattern(
                "big", "error_fix", "Flaky tests are fixed by retrying them", 0.5, false, null, null, sources));
        patterns.linkContradiction(rival, pattern);

        String first = export("big", true);
        truncate("TRUNCATE memories, episodic_events, memory_provenance, memory_links, memory_access CASCADE");
        truncate("TRUNCATE memory_history, event_history");
        ImportReport report = importer.importFrom("big", stream(first));
        String second = export("big", true);

        assertThat(report.memoriesImported()).isEqualTo(10_005);
        assertThat(report.eventsImported()).isEqualTo(5_000);
        assertThat(report.linksImported()).isEqualTo(1);
        assertThat(report.pendingEmbedding()).isEqualTo(2);
        assertThat(withoutHeader(second)).isEqualTo(withoutHeader(first));
        Memory old = catalog.get(superseded, "big");
        assertThat(old.state()).isEqualTo(MemoryState.SUPERSEDED);
        assertThat(old.supersededBy()).isEqualTo(successor);
        assertThat(old.validTo()).isEqualTo(JUNE);
        assertThat(catalog.history(superseded, "big"))
                .extracting(HistoryEntry::action)
                .containsExactly("created", "superseded");
        assertThat(patterns.sourceEvents(pattern)).containsExactlyInAnyOrderElementsOf(sources);
    }

    @Test
    void importingTheSameFileTwiceChangesNothing() {
        seedLargeProject("source", 300, 200);
        String archive = export("source", true);

        ImportReport first = importer.importFrom("copy", stream(archive));
        String afterFirst = export("copy", true);
        long historyRows = count("SELECT count(*) FROM memory_history WHERE project = 'copy'");
        ImportReport second = importer.importFrom("copy", stream(archive));

        assertThat(first.memoriesImported()).isEqualTo(300);
        assertThat(second.memoriesImported()).isZero();
        assertThat(second.memoriesSkipped()).isEqualTo(300);
        assertThat(second.eventsImported()).isZero();
        assertThat(second.eventsSkipped()).isEqualTo(200);
        assertThat(withoutHeader(export("copy", true))).isEqualTo(withoutHeader(afterFirst));
        assertThat(count("SELECT count(*) FROM memory_history WHERE project = 'copy'"))
                .isEqualTo(historyRows);
    }

    @Test
    void idsAreKeptWhenFreeAndReplacedTheSameWayEveryTimeWhenAnotherProjectHoldsThem() {
        UUID older = memories.remember(RememberRequest.inProject("source", "The database is PostgreSQL 15"))
                .id();
        UUID newer = memories.remember(RememberRequest.inProject("source", "The database is PostgreSQL 17")
                        .superseding(older))
                .id();
        String archive = export("source", true);

        importer.importFrom("copy", stream(archive));
        importer.importFrom("copy", stream(archive));

        assertThat(count("SELECT count(*) FROM memories WHERE project = 'copy'"))
                .isEqualTo(2);
        UUID copiedOlder = jdbc.queryForObject(
                "SELECT id FROM memories WHERE project = 'copy' AND content = 'The database is PostgreSQL 15'",
                UUID.class);
        UUID copiedNewer = jdbc.queryForObject(
                "SELECT id FROM memories WHERE project = 'copy' AND content = 'The database is PostgreSQL 17'",
                UUID.class);
        assertThat(copiedOlder).isNotIn(older, newer);
        assertThat(catalog.get(copiedOlder, "copy").supersededBy()).isEqualTo(copiedNewer);
    }

    @Test
    void aMemoryPurgedSinceAnImportIsNotBroughtBackByImportingAgain() {
        UUID kept = memories.remember(RememberRequest.inProject("source", "Kept fact"))
                .id();
        UUID erased = memories.remember(RememberRequest.inProject("source", "Erased fact"))
                .id();
        String archive = export("source", true);
        jdbc.update("DELETE FROM memories WHERE project = 'source'");
        importer.importFrom("source", stream(archive));
        lifecycle.purge(erased, "source", "erasure request");

        importer.importFrom("source", stream(archive));

        assertThat(count("SELECT count(*) FROM memories WHERE id = ?", erased)).isZero();
        assertThat(count("SELECT count(*) FROM memories WHERE id = ?", kept)).isOne();
    }

    @Test
    void aFileFromAnotherEmbeddingModelIsStoredPendingAndReEmbedded() {
        memories.remember(RememberRequest.inProject("source", "The user prefers Rust for command-line tools"));
        String model = embeddings.model().name();
        String archive = export("source", true).replace("\"" + model + "\"", "\"another-model\"");

        ImportReport report = importer.importFrom("moved", stream(archive));

        assertThat(report.pendingEmbedding()).isOne();
        assertThat(count("SELECT count(*) FROM memories WHERE project = 'moved' AND embedding IS NULL"))
                .isOne();
        assertThat(backfill.embedPending()).isOne();
        assertThat(jdbc.queryForObject("SELECT embedding_model FROM memories WHERE project = 'moved'", String.class))
                .isEqualTo(model);
        assertThat(recall.recall(new RecallRequest(
                                "Which language for a CLI?",
                                5,
                                "moved",
                                RecallFilters.NONE,
                                RecallMode.VECTOR,
                                false,
                                null,
                                false))
                        .memories())
                .hasSize(1);
    }

    @Test
    void anExportWithoutVectorsIsReEmbeddedOnImport() {
        memories.remember(RememberRequest.inProject("source", "Deployments go out on Thursdays"));
        String archive = export("source", false);

        assertThat(archive).contains("\"embedding\" : null");
        assertThat(importer.importFrom("moved", stream(archive)).pendingEmbedding())
                .isOne();
    }

    @Test
    void aTruncatedFileImportsNothingOfItsLastBatchAndSaysWhichLine() {
        seedLargeProject("source", 0, 2_500);
        String archive = export("source", true);
        String[] lines = archive.split("\n");
        int cutLine = 2_200;
        String truncated =
                String.join("\n", Arrays.copyOf(lines, cutLine - 1)) + "\n" + lines[cutLine - 1].substring(0, 40);

        assertThatThrownBy(() -> importer.importFrom("copy", stream(truncated)))
                .isInstanceOfSatisfying(ImportLineException.class, e -> {
                    assertThat(e.line()).isEqualTo(cutLine);
                    assertThat(e.field()).isEqualTo("line");
                    assertThat(e.importedThroughLine()).isEqualTo(1 + 2 * ProjectImporter.BATCH_LINES);
                });
        assertThat(count("SELECT count(*) FROM episodic_events WHERE project = 'copy'"))
                .isEqualTo(2L * ProjectImporter.BATCH_LINES);
    }

    @Test
    void aFileCutAtALineBreakIsRefusedForItsMissingEndLine() {
        seedLargeProject("source", 10, 0);
        String archive = export("source", true);
        String withoutEnd = archive.substring(0, archive.lastIndexOf("{\"kind\":\"end\""));

        assertThatThrownBy(() -> importer.importFrom("copy", stream(withoutEnd)))
                .isInstanceOfSatisfying(ImportLineException.class, e -> {
                    assertThat(e.line()).isEqualTo(12);
                    assertThat(e.reason()).contains("truncated");
                });
        assertThat(count("SELECT count(*) FROM memories WHERE project = 'copy'"))
                .isZero();
    }

    @Test
    void aBadFieldIsRefusedWithItsLineAndFieldAndNothingOfItsBatchIsWritten() {
        seedLargeProject("source", 5, 0);
        String archive =
                export("source", true).replaceFirst("\"memory_type\" : \"fact\"", "\"memory_type\" : \"rumour\"");

        assertThatThrownBy(() -> importer.importFrom("copy", stream(archive)))
                .isInstanceOfSatisfying(ImportLineException.class, e -> {
                    assertThat(e.line()).isEqualTo(lineOf(archive, "rumour"));
                    assertThat(e.field()).isEqualTo("memory_type");
                    assertThat(e.reason()).contains("rumour");
                });
        assertThat(count("SELECT count(*) FROM memories WHERE project = 'copy'"))
                .isZero();
    }

    @Test
    void aFileThatIsNotAnExportIsRefusedAtItsFirstLine() {
        assertThatThrownBy(() -> importer.importFrom("copy", stream("{\"hello\":\"world\"}\n")))
                .isInstanceOfSatisfying(ImportLineException.class, e -> {
                    assertThat(e.line()).isOne();
                    assertThat(e.field()).isEqualTo("format");
                });
        assertThatThrownBy(() ->
                        importer.importFrom("copy", stream("{\"format\":\"athena-project-export\",\"version\":99}\n")))
                .isInstanceOfSatisfying(
                        ImportLineException.class, e -> assertThat(e.field()).isEqualTo("version"));
    }

    /** Memories, each with a created entry in its history and a vector, some accessed; events, some keyed. */
    private void seedLargeProject(String project, int memoryCount, int eventCount) {
        int dimension = embeddings.model().dimension();
        jdbc.update("""
                INSERT INTO episodic_events (id, project, session_id, occurred_at, event_type, content, outcome,
                    context, idempotency_key)
                SELECT gen_random_uuid(), ?, 's-' || (g % 7), TIMESTAMPTZ '2024-01-01' + g * INTERVAL '1 minute',
                    'action',
                       'Ran the build step ' || g, CASE WHEN g % 3 = 0 THEN 'success' END,
                       jsonb_build_object('cwd', '/repo', 'files', jsonb_build_array('a' || g || '.java')),
                       CASE WHEN g % 5 = 0 THEN 'key-' || g END
                FROM generate_series(1, ?) g
                """, project, eventCount);
        jdbc.update("""
                INSERT INTO memories (id, project, memory_type, content, content_hash, embedding, embedding_model, tags,
                    metadata,
                                      importance, occurred_at, created_at, updated_at, valid_from)
                SELECT gen_random_uuid(), ?, (ARRAY['fact', 'decision', 'context'])[1 + g % 3], 'Seeded memory number '
                    || g,
                       md5(? || g), CAST(ARRAY(SELECT random() + 0 * g FROM generate_series(1, ?)) AS vector), ?,
                       ARRAY['seed', 'tag-' || (g % 10)], jsonb_build_object('n', g), round(CAST(random() AS numeric),
                           3),
                       TIMESTAMPTZ '2024-01-01' + g * INTERVAL '1 second', TIMESTAMPTZ '2024-01-01' + g * INTERVAL
                           '1 second' + INTERVAL '0.123456 second',
                       TIMESTAMPTZ '2024-01-01' + g * INTERVAL '1 second', TIMESTAMPTZ '2024-01-01' + g * INTERVAL
                           '1 second'
                FROM generate_series(1, ?) g
                """, project, project, dimension, embeddings.model().name(), memoryCount);
        jdbc.update(
                "INSERT INTO memory_history (memory_id, project, action, after) SELECT m.id, m.project, 'created', "
                        + MemoryWrites.SNAPSHOT + " FROM memories m WHERE m.project = ? ORDER BY m.created_at",
                project);
        jdbc.update("""
                INSERT INTO memory_access (memory_id, access_count, last_accessed_at)
                SELECT id, 3, TIMESTAMPTZ '2024-02-01' FROM memories WHERE project = ? AND content LIKE '%7'
                """, project);
    }

    private String export(String project, boolean withVectors) {
        StringWriter out = new StringWriter();
        exporter.export(project, withVectors, out);
        return out.toString();
    }

    private static long lineOf(String archive, String text) {
        return archive.substring(0, archive.indexOf(text))
                        .chars()
                        .filter(c -> c == '\n')
                        .count()
                + 1;
    }

    private static String withoutHeader(String archive) {
        return archive.substring(archive.indexOf('\n') + 1);
    }

    private static ByteArrayInputStream stream(String archive) {
        return new ByteArrayInputStream(archive.getBytes(StandardCharsets.UTF_8));
    }
}
