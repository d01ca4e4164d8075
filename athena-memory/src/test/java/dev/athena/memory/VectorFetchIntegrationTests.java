package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import dev.athena.memory.testing.SwitchableEmbeddingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** Reads that do not use a memory's vector do not fetch it: a 384-float column is most of a memory's row. */
@SpringBootTest
@Import(QueryLog.class)
class VectorFetchIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    MemoryService memories;

    @Autowired
    MemoryCatalog catalog;

    @Autowired
    SwitchableEmbeddingClient embedder;

    @Autowired
    QueryLog log;

    @AfterEach
    void embedderBack() {
        embedder.comeBack();
    }

    @Test
    void getReadsOneMemoryWithoutItsVectorAndStillSaysWhetherItHasOne() {
        UUID embedded = remember("The staging cluster runs in eu-west-1");
        embedder.goDown();
        UUID pending = remember("The staging cluster has three nodes");
        log.clear();

        assertThat(catalog.get(embedded, null).embedded()).isTrue();
        assertThat(catalog.get(pending, null).embedded()).isFalse();

        assertNoVectorRead(2);
    }

    @Test
    void listReadsAPageWithoutTheVectors() {
        memories.rememberBatch(
                null,
                List.of(
                        RememberRequest.of("Builds run on Jenkins", MemoryType.FACT),
                        RememberRequest.of("Releases are tagged on main", MemoryType.FACT)));
        log.clear();

        List<Memory> page =
                catalog.list(ListMemoriesRequest.firstPage(null, 10)).items();

        assertThat(page)
                .hasSize(2)
                .allSatisfy(memory -> assertThat(memory.embedded()).isTrue());
        assertNoVectorRead(1);
    }

    /** At least {@code reads} queries of memories ran since the log was cleared, and none returned a vector column. */
    private void assertNoVectorRead(int reads) {
        List<QueryLog.Query> ofMemories = log.queries().stream()
                .filter(query -> query.sql().toLowerCase(Locale.ROOT).contains("memories"))
                .toList();
        assertThat(ofMemories)
                .hasSizeGreaterThanOrEqualTo(reads)
                .allSatisfy(query -> assertThat(query.columnTypes())
                        .as(query.sql())
                        .isNotEmpty()
                        .doesNotContain("vector"));
    }

    private UUID remember(String content) {
        return memories.remember(RememberRequest.of(content, MemoryType.FACT)).id();
    }
}
