package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import dev.athena.embedding.HashEmbeddingClient;
import dev.athena.memory.RecallQueries.Retrieval;
import dev.athena.memory.RecallQueries.VectorSearch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Recall searches a small project's vectors exactly and a large one's through the HNSW graph, counting the project's
 * active memories in the in-process index; without a count it keeps to the graph.
 */
class VectorSearchChoiceTests {

    private final RecallQueries store = mock(RecallQueries.class);
    private final InProcessBm25 textIndex = mock(InProcessBm25.class);
    private final RecallService recall = recallWith(settings("2000"));

    private static RecallProperties settings(String exactSearchBelow) {
        return new Binder(new MapConfigurationPropertySource(
                        Map.of("athena.recall.exact-search-below", exactSearchBelow, "athena.recall.time-weight", "0")))
                .bindOrCreate(RecallProperties.CONFIG_PREFIX, RecallProperties.class);
    }

    private RecallService recallWith(RecallProperties settings) {
        return new RecallService(
                store,
                new HashEmbeddingClient(384),
                settings,
                RecallServiceTests.MEMORY_PROPERTIES,
                mock(AccessRecorder.class),
                textIndex,
                Clock.systemUTC());
    }

    @BeforeEach
    void noCandidates() {
        when(store.retrieve(any(), any(), isNull(String.class), any(), anyInt(), anyInt(), any(), any()))
                .thenReturn(Retrieval.NONE);
    }

    @Test
    void searchesTheVectorsOfASmallProjectExactly() {
        when(textIndex.activeMemories("default")).thenReturn(OptionalInt.of(1_999));

        recall.recall(vectorOnly(RecallFilters.NONE));

        verifySearch(VectorSearch.EXACT);
    }

    @Test
    void searchesALargeProjectThroughTheGraph() {
        when(textIndex.activeMemories("default")).thenReturn(OptionalInt.of(2_000));

        recall.recall(vectorOnly(RecallFilters.NONE));

        verifySearch(VectorSearch.GRAPH);
    }

    @Test
    void searchesThroughTheGraphWhenNothingCountsTheProject() {
        when(textIndex.activeMemories("default")).thenReturn(OptionalInt.empty());

        recall.recall(vectorOnly(RecallFilters.NONE));

        verifySearch(VectorSearch.GRAPH);
    }

    @Test
    void searchesThroughTheGraphWhenMoreThanTheActiveMemoriesAreAskedFor() {
        when(textIndex.activeMemories("default")).thenReturn(OptionalInt.of(10));

        recall.recall(vectorOnly(new RecallFilters(List.of(), List.of(), List.of(), null, null, Map.of(), true)));
        recall.recall(vectorOnly(RecallFilters.NONE.asOf(Instant.parse("2026-01-01T00:00:00Z"))));

        verify(store, times(2))
                .retrieve(any(), any(), isNull(String.class), any(), anyInt(), anyInt(), any(), eq(VectorSearch.GRAPH));
    }

    @Test
    void exactSearchCanBeTurnedOff() {
        when(textIndex.activeMemories("default")).thenReturn(OptionalInt.of(1));

        recallWith(settings("0")).recall(vectorOnly(RecallFilters.NONE));

        verifySearch(VectorSearch.GRAPH);
    }

    @Test
    void refusesANegativeOrHugeThreshold() {
        assertThatThrownBy(() -> settings("-1"))
                .hasRootCauseMessage("athena.recall.exact-search-below must be between 0 and 100000, was -1");
        assertThatThrownBy(() -> settings("100001"))
                .hasRootCauseMessage("athena.recall.exact-search-below must be between 0 and 100000, was 100001");
    }

    private void verifySearch(VectorSearch expected) {
        verify(store)
                .retrieve(eq("default"), any(), isNull(String.class), any(), eq(50), anyInt(), any(), eq(expected));
    }

    private static RecallRequest vectorOnly(RecallFilters filters) {
        return RecallRequest.of("Which port does checkout-api use in staging?", 5)
                .withMode(RecallMode.VECTOR, false)
                .withFilters(filters);
    }
}
