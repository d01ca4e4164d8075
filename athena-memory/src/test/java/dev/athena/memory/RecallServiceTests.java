package dev.athena.memory;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.athena.embedding.EmbeddingClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which full-text retriever recall asks for, depending on what the planner's statistics foresee. */
class RecallServiceTests {

    private static final List<String> LEXEMES = List.of("port", "checkout", "api", "stage");

    private final RecallQueries store = mock(RecallQueries.class);
    /** Recall settings with {@code ts_rank_cd}; for tests whose subject does not depend on them, any will do. */
    static final RecallProperties RECALL_PROPERTIES = new RecallProperties(
            50,
            RecallProperties.FusionMethod.WEIGHTED,
            0.6,
            0.4,
            60,
            RecallProperties.TextRanking.TS_RANK_CD,
            1.2,
            0.75,
            1000,
            0.02,
            Duration.ofDays(30),
            0.1,
            0.1,
            20,
            0.0,
            20,
            Duration.ofHours(6),
            Duration.ofSeconds(30),
            2.0,
            2000);

    private final RecallProperties settings = RECALL_PROPERTIES;
    /** Memory settings for recall tests: the project default and timeouts, nothing recall's choices depend on. */
    static final MemoryProperties MEMORY_PROPERTIES = new MemoryProperties(
            32768,
            Duration.ofSeconds(1),
            "default",
            0.97,
            1000,
            64,
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            false);

    private final RecallService recall = new RecallService(
            store,
            mock(EmbeddingClient.class),
            settings,
            MEMORY_PROPERTIES,
            mock(AccessRecorder.class),
            mock(InProcessBm25.class),
            Clock.systemUTC());

    @BeforeEach
    void queryLexemes() {
        when(store.lexemes(anyString())).thenReturn(LEXEMES);
    }

    @Test
    void ranksEveryMatchWhenTheStatisticsForeseeFew() {
        when(store.termStatistics()).thenReturn(new TermStatistics(1_000, Map.of("api", 0.2), 0.001));

        recall.recall(textOnly());

        verify(store).fullText(eq("default"), anyString(), any(), eq(50));
        verify(store, never()).fullTextByTiers(anyString(), anyString(), any(), any(), anyInt());
    }

    @Test
    void ranksEveryMatchWithoutStatistics() {
        when(store.termStatistics()).thenReturn(TermStatistics.UNKNOWN);

        recall.recall(textOnly());

        verify(store).fullText(eq("default"), anyString(), any(), eq(50));
    }

    @Test
    void gathersByTiersWhenTheStatisticsForeseeManyMatches() {
        TermStatistics statistics = new TermStatistics(100_000, Map.of("api", 0.17, "port", 0.035), 0.001);
        when(store.termStatistics()).thenReturn(statistics);

        recall.recall(textOnly());

        verify(store).fullTextByTiers(eq("default"), anyString(), eq(TermTiers.of(LEXEMES, statistics)), any(), eq(50));
        verify(store, never()).fullText(anyString(), anyString(), any(), anyInt());
    }

    @Test
    void asksNothingOfFullTextWhenTheQueryHasNoTerms() {
        when(store.lexemes(anyString())).thenReturn(List.of());

        recall.recall(textOnly());

        verify(store, never()).termStatistics();
        verify(store, never()).fullText(anyString(), anyString(), any(), anyInt());
    }

    @Test
    void readsTheStatisticsOncePerTimeToLive() {
        when(store.termStatistics()).thenReturn(TermStatistics.UNKNOWN);

        recall.recall(textOnly());
        recall.recall(textOnly());

        verify(store, org.mockito.Mockito.times(1)).termStatistics();
    }

    private static RecallRequest textOnly() {
        return RecallRequest.of("Which port does checkout-api use in staging?", 5)
                .withMode(RecallMode.TEXT, false);
    }
}
