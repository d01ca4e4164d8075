package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class CatalogIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    MemoryService memories;

    @Autowired
    RecallService recall;

    @Autowired
    MemoryCatalog catalog;

    @Autowired
    AccessRecorder accessRecorder;

    @Test
    void getReturnsEveryFieldOfTheMemory() {
        Instant occurred = Instant.parse("2023-05-08T13:56:00Z");
        UUID id = memories.remember(new RememberRequest(
                        "We picked Postgres over Mongo for transactions",
                        MemoryType.DECISION,
                        List.of("db", "architecture"),
                        0.9,
                        Map.of("ticket", "ARCH-7", "votes", 5),
                        null,
                        null,
                        occurred))
                .id();

        Memory memory = catalog.get(id, null);

        assertThat(memory.content()).isEqualTo("We picked Postgres over Mongo for transactions");
        assertThat(memory.memoryType()).isEqualTo(MemoryType.DECISION);
        assertThat(memory.tags()).containsExactly("db", "architecture");
        assertThat(memory.metadata()).containsEntry("ticket", "ARCH-7").containsEntry("votes", 5);
        assertThat(memory.importance()).isEqualTo(0.9);
        assertThat(memory.occurredAt()).isEqualTo(occurred);
        assertThat(memory.project()).isEqualTo("default");
        assertThat(memory.state()).isEqualTo(MemoryState.ACTIVE);
        assertThat(memory.embedded()).isTrue();
        assertThat(memory.embeddingModel()).isEqualTo("e5-small-v2-q");
    }

    @Test
    void listPagesThroughAllMemoriesNewestFirstWithoutGapsOrRepeats() {
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            created.add(
                    memories.remember(RememberRequest.of("Note number " + i + " about the build", MemoryType.CONTEXT))
                            .id());
        }
        List<UUID> listed = new ArrayList<>();
        ListMemoriesRequest request = ListMemoriesRequest.firstPage(null, 5);
        MemoryPage page;
        int pages = 0;
        do {
            page = catalog.list(request);
            page.items().forEach(m -> listed.add(m.id()));
            request = request.next(page.nextCursor());
            pages++;
        } while (page.nextCursor() != null);

        assertThat(pages).isEqualTo(3);
        java.util.Collections.reverse(created);
        assertThat(listed).containsExactlyElementsOf(created);
    }

    @Test
    void listFiltersByTypeTagAndState() {
        memories.remember(
                new RememberRequest("a decision", MemoryType.DECISION, List.of("x"), null, Map.of(), null, null, null));
        memories.remember(
                new RememberRequest("a fact", MemoryType.FACT, List.of("y"), null, Map.of(), null, null, null));

        assertThat(catalog.list(new ListMemoriesRequest(null, MemoryType.DECISION, List.of(), null, null, null))
                        .items())
                .extracting(Memory::content)
                .containsExactly("a decision");
        assertThat(catalog.list(new ListMemoriesRequest(null, null, List.of("y"), null, null, null))
                        .items())
                .extracting(Memory::content)
                .containsExactly("a fact");
        assertThat(catalog.list(new ListMemoriesRequest(null, null, List.of(), MemoryState.FORGOTTEN, null, null))
                        .items())
                .isEmpty();
    }

    @Test
    void aCursorThatThisServerDidNotIssueIsRejected() {
        assertThatThrownBy(() -> catalog.list(new ListMemoriesRequest(null, null, List.of(), null, 5, "not-a-cursor")))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("cursor"));
        assertThatThrownBy(() -> catalog.list(ListMemoriesRequest.firstPage(null, 501)))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("limit"));
    }

    @Test
    void historyOfAnUnknownMemoryIsNotFound() {
        assertThatThrownBy(() -> catalog.history(UUID.randomUUID(), null)).isInstanceOf(MemoryNotFoundException.class);
    }

    @Test
    void recallCountsAccessesOffThePathAndFlushesThem() {
        UUID id = memories.remember(RememberRequest.of("The on-call rota changes on Mondays", MemoryType.FACT))
                .id();
        recall.recall(RecallRequest.of("on-call rota", 1));
        recall.recall(RecallRequest.of("when does on-call change", 1));
        assertThat(catalog.get(id, null).accessCount()).isZero();

        accessRecorder.flush();

        Memory memory = catalog.get(id, null);
        assertThat(memory.accessCount()).isEqualTo(2);
        assertThat(memory.lastAccessedAt()).isNotNull();
        assertThat(memory.updatedAt()).isEqualTo(memory.createdAt());
    }
}
