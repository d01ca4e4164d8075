package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class SupersedeIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    MemoryService memories;

    @Autowired
    RecallService recall;

    @Autowired
    MemoryCatalog catalog;

    @Test
    void aNewerFactReplacesTheOlderOneWhichIsKeptButNotRecalled() {
        UUID older = memories.remember(
                        RememberRequest.of("The API rate limit is 100 requests per minute", MemoryType.FACT))
                .id();

        RememberResult newer =
                memories.remember(RememberRequest.of("The API rate limit is 500 requests per minute", MemoryType.FACT)
                        .superseding(older));

        assertThat(newer.status()).isEqualTo(RememberResult.Status.CREATED);
        Memory old = catalog.get(older, null);
        assertThat(old.state()).isEqualTo(MemoryState.SUPERSEDED);
        assertThat(old.supersededBy()).isEqualTo(newer.id());
        assertThat(recall.recall(RecallRequest.of("API rate limit", 5)).memories())
                .extracting(RecalledMemory::id)
                .containsExactly(newer.id());
        assertThat(catalog.history(older, null))
                .extracting(HistoryEntry::action)
                .containsExactly("created", "superseded");
        HistoryEntry superseded = catalog.history(older, null).get(1);
        assertThat(superseded.before()).containsEntry("state", "active");
        assertThat(superseded.after())
                .containsEntry("state", "superseded")
                .containsEntry("superseded_by", newer.id().toString());
    }

    @Test
    void supersedingAnUnknownOrForeignMemoryIsNotFoundAndWritesNothing() {
        UUID foreign = memories.remember(RememberRequest.inProject("other", "Other project's fact"))
                .id();
        long before = count("SELECT count(*) FROM memories");

        assertThatThrownBy(() -> memories.remember(
                        RememberRequest.of("A new fact", MemoryType.FACT).superseding(foreign)))
                .isInstanceOf(MemoryNotFoundException.class);
        assertThatThrownBy(() -> memories.remember(
                        RememberRequest.of("A new fact", MemoryType.FACT).superseding(UUID.randomUUID())))
                .isInstanceOf(MemoryNotFoundException.class);
        assertThat(count("SELECT count(*) FROM memories")).isEqualTo(before);
        assertThat(catalog.get(foreign, "other").state()).isEqualTo(MemoryState.ACTIVE);
    }

    @Test
    void aMemoryCannotBeSupersededTwice() {
        UUID older = memories.remember(RememberRequest.of("Node 18 is the runtime", MemoryType.FACT))
                .id();
        memories.remember(
                RememberRequest.of("Node 20 is the runtime", MemoryType.FACT).superseding(older));

        assertThatThrownBy(() -> memories.remember(RememberRequest.of("Node 22 is the runtime", MemoryType.FACT)
                        .superseding(older)))
                .isInstanceOf(MemoryConflictException.class);
        assertThat(count("SELECT count(*) FROM memories WHERE content = 'Node 22 is the runtime'"))
                .isZero();
    }

    @Test
    void aSupersedingMemoryIsNotSwallowedAsANearDuplicateOfTheOneItReplaces() {
        UUID older = memories.remember(
                        RememberRequest.of("The release branch is called release/2026.11", MemoryType.FACT))
                .id();

        RememberResult newer =
                memories.remember(RememberRequest.of("The release branch is called release/2026.12", MemoryType.FACT)
                        .superseding(older));

        assertThat(newer.status()).isEqualTo(RememberResult.Status.CREATED);
        assertThat(newer.id()).isNotEqualTo(older);
        assertThat(catalog.get(older, null).supersededBy()).isEqualTo(newer.id());
    }
}
