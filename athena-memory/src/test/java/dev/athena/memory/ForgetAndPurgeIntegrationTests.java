package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class ForgetAndPurgeIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    MemoryService memories;

    @Autowired
    RecallService recall;

    @Autowired
    MemoryLifecycleService lifecycle;

    @Autowired
    MemoryCatalog catalog;

    @Test
    void forgetByIdIsSoftAndRecordedInHistory() {
        UUID id = memories.remember(RememberRequest.of("The old VPN endpoint is vpn1.example.com", MemoryType.FACT))
                .id();

        lifecycle.forget(id, null, "moved to new VPN");

        assertThat(catalog.get(id, null).state()).isEqualTo(MemoryState.FORGOTTEN);
        assertThat(recall.recall(RecallRequest.of("VPN endpoint", 5)).memories())
                .isEmpty();
        HistoryEntry forgotten = catalog.history(id, null).get(1);
        assertThat(forgotten.action()).isEqualTo("forgotten");
        assertThat(forgotten.reason()).isEqualTo("moved to new VPN");
        assertThat(forgotten.before()).containsEntry("content", "The old VPN endpoint is vpn1.example.com");
    }

    @Test
    void forgettingAMissingOrAlreadyForgottenMemoryFailsClearly() {
        UUID id = memories.remember(RememberRequest.of("temporary", MemoryType.CONTEXT))
                .id();
        lifecycle.forget(id, null, null);

        assertThatThrownBy(() -> lifecycle.forget(id, null, null)).isInstanceOf(MemoryConflictException.class);
        assertThatThrownBy(() -> lifecycle.forget(UUID.randomUUID(), null, null))
                .isInstanceOf(MemoryNotFoundException.class);
    }

    @Test
    void forgetByFilterForgetsOnlyMatchingActiveMemoriesOfTheProjectAndNeedsConfirmation() {
        memories.remember(tagged("default", "Sprint 12 goal: ship search", "sprint"));
        memories.remember(tagged("default", "Sprint 12 retro notes", "sprint"));
        UUID keep = memories.remember(tagged("default", "The team owns the search service", "team"))
                .id();
        UUID otherProject = memories.remember(tagged("other", "Sprint 3 goal: ship login", "sprint"))
                .id();
        ForgetFilter sprintTag = new ForgetFilter(null, List.of("sprint"), null, null);

        assertThatThrownBy(() -> lifecycle.forgetMatching(null, sprintTag, false, null))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("confirm"));
        assertThatThrownBy(
                        () -> lifecycle.forgetMatching(null, new ForgetFilter(null, List.of(), null, null), true, null))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("filter"));
        assertThat(count("SELECT count(*) FROM memories WHERE state = 'forgotten'"))
                .isZero();

        int forgotten = lifecycle.forgetMatching(null, sprintTag, true, "sprint over");

        assertThat(forgotten).isEqualTo(2);
        assertThat(catalog.get(keep, null).state()).isEqualTo(MemoryState.ACTIVE);
        assertThat(catalog.get(otherProject, "other").state()).isEqualTo(MemoryState.ACTIVE);
        assertThat(count("SELECT count(*) FROM memory_history WHERE action = 'forgotten' AND reason = 'sprint over'"))
                .isEqualTo(2);
    }

    @Test
    void purgeErasesTheContentEverywhereAndHistoryKeepsOnlyThatItHappened() {
        UUID older = memories.remember(RememberRequest.of("Alice's phone number is 555-0100", MemoryType.FACT))
                .id();
        UUID newer = memories.remember(RememberRequest.of("Alice's phone number is 555-0199", MemoryType.FACT)
                        .superseding(older))
                .id();

        lifecycle.purge(older, null, "erasure request #42");

        assertThat(count("SELECT count(*) FROM memories WHERE id = ?", older)).isZero();
        assertThat(count(
                        "SELECT count(*) FROM memory_history WHERE memory_id = ? AND (before IS NOT NULL OR after "
                                + "IS NOT NULL)",
                        older))
                .isZero();
        assertThat(count("SELECT count(*) FROM memory_history WHERE memory_id = ? AND action = 'purged'", older))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM memory_history WHERE before::text LIKE '%555-0100%' OR after::text "
                                + "LIKE '%555-0100%'",
                        Long.class))
                .isZero();
        assertThat(catalog.history(older, null))
                .extracting(HistoryEntry::action)
                .containsExactly("created", "superseded", "purged");
        assertThat(catalog.get(newer, null).state()).isEqualTo(MemoryState.ACTIVE);
        assertThatThrownBy(() -> catalog.get(older, null)).isInstanceOf(MemoryNotFoundException.class);
    }

    @Test
    void purgeBlanksTheReasonsOfEarlierForgetsWhichCanCarryTheContent() {
        UUID id = memories.remember(RememberRequest.of("Bob lives at 12 Elm Street", MemoryType.FACT))
                .id();
        lifecycle.forget(id, null, "Bob moved away from 12 Elm Street");

        lifecycle.purge(id, null, "erasure request #43");

        assertThat(catalog.history(id, null))
                .extracting(HistoryEntry::action)
                .containsExactly("created", "forgotten", "purged");
        assertThat(catalog.history(id, null))
                .extracting(HistoryEntry::reason)
                .containsExactly(null, null, "erasure request #43");
        assertThat(count("SELECT count(*) FROM memory_history WHERE reason LIKE '%Elm Street%'"))
                .isZero();
    }

    @Test
    void aHistoryReasonMayOnlyBeBlankedNeverRewritten() {
        UUID id = memories.remember(RememberRequest.of("A fact to forget", MemoryType.FACT))
                .id();
        lifecycle.forget(id, null, "no longer true");

        assertThatThrownBy(() -> jdbc.update("UPDATE memory_history SET reason = 'rewritten' WHERE memory_id = ?", id))
                .hasMessageContaining("append-only");
    }

    @Test
    void historyIsAppendOnly() {
        UUID id = memories.remember(RememberRequest.of("immutable past", MemoryType.FACT))
                .id();

        assertThatThrownBy(() -> jdbc.update("DELETE FROM memory_history WHERE memory_id = ?", id))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("UPDATE memory_history SET action = 'updated' WHERE memory_id = ?", id))
                .hasMessageContaining("append-only");
    }

    @Test
    void purgeOfAMemoryOfAnotherProjectIsNotFound() {
        UUID id = memories.remember(RememberRequest.inProject("other", "not yours"))
                .id();

        assertThatThrownBy(() -> lifecycle.purge(id, "default", null)).isInstanceOf(MemoryNotFoundException.class);
        assertThat(count("SELECT count(*) FROM memories WHERE id = ?", id)).isEqualTo(1);
    }

    private static RememberRequest tagged(String project, String content, String tag) {
        return new RememberRequest(content, MemoryType.CONTEXT, List.of(tag), null, Map.of(), project, null, null);
    }
}
