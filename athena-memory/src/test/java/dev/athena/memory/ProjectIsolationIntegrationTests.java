package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** No call made for project A ever returns, changes or deletes project B's rows. */
@SpringBootTest
class ProjectIsolationIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    MemoryService memories;

    @Autowired
    RecallService recall;

    @Autowired
    MemoryCatalog catalog;

    @Autowired
    MemoryLifecycleService lifecycle;

    @Autowired
    EventService events;

    UUID bMemory;
    String bSnapshot;

    @BeforeEach
    void projectBHasData() {
        bMemory = memories.remember(new RememberRequest(
                        "Project B's secret: the deploy key rotates monthly",
                        MemoryType.FACT,
                        List.of("shared-tag"),
                        null,
                        Map.of(),
                        "b",
                        null,
                        null))
                .id();
        events.record(new RecordEventRequest(
                EventType.DEPLOYMENT, "B deployed", null, null, "shared-session", null, null, "b"));
        bSnapshot = snapshotOfB();
    }

    @Test
    void projectACannotSeeProjectB() {
        memories.remember(RememberRequest.inProject("a", "Project A's note about deploy keys"));

        assertThat(recall.recall(RecallRequest.inProject("a", "deploy key rotation", 10))
                        .memories())
                .extracting(RecalledMemory::content)
                .doesNotContain("Project B's secret: the deploy key rotates monthly");
        assertThat(catalog.list(ListMemoriesRequest.firstPage("a", 100)).items())
                .extracting(Memory::project)
                .containsOnly("a");
        assertThatThrownBy(() -> catalog.get(bMemory, "a")).isInstanceOf(MemoryNotFoundException.class);
        assertThatThrownBy(() -> catalog.history(bMemory, "a")).isInstanceOf(MemoryNotFoundException.class);
        assertThat(events.recall(new EventQuery("a", "shared-session", null, null, null, null)))
                .isEmpty();
        assertThat(events.timeline("a", 7).events()).isEmpty();
    }

    @Test
    void projectACannotChangeOrDeleteProjectB() {
        assertThatThrownBy(() -> lifecycle.forget(bMemory, "a", null)).isInstanceOf(MemoryNotFoundException.class);
        assertThatThrownBy(() -> lifecycle.purge(bMemory, "a", null)).isInstanceOf(MemoryNotFoundException.class);
        assertThatThrownBy(() -> memories.remember(
                        RememberRequest.inProject("a", "takeover").superseding(bMemory)))
                .isInstanceOf(MemoryNotFoundException.class);
        assertThat(lifecycle.forgetMatching("a", new ForgetFilter(null, List.of("shared-tag"), null, null), true, null))
                .isZero();
        assertThat(lifecycle.forgetMatching(
                        "a", new ForgetFilter(MemoryType.FACT, List.of(), null, Instant.EPOCH), true, null))
                .isZero();
        assertThat(events.markConsolidated(
                        "a",
                        events.recall(new EventQuery("b", null, null, null, null, null)).stream()
                                .map(EpisodicEvent::id)
                                .toList()))
                .isZero();

        assertThat(snapshotOfB()).isEqualTo(bSnapshot);
    }

    private String snapshotOfB() {
        return jdbc.queryForObject("""
                SELECT coalesce((SELECT jsonb_agg(to_jsonb(m) - 'content_tsv' ORDER BY id)::text FROM memories m WHERE
                    project = 'b'), '')
                    || coalesce((SELECT jsonb_agg(to_jsonb(e) ORDER BY id)::text FROM episodic_events e WHERE project =
                        'b'), '')
                    || (SELECT count(*) FROM memory_history WHERE project = 'b')
                """, String.class);
    }
}
