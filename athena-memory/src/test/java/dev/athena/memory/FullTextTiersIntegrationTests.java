package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.athena.memory.RecallQueries.Candidate;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Full-text candidates gathered by shared terms ({@link TermTiers}), against PostgreSQL: the tiers' tsqueries parse,
 * the memories sharing the most terms come first, filters apply, and with room for every match the result is the exact
 * ranking.
 */
@SpringBootTest
class FullTextTiersIntegrationTests extends DatabaseIntegrationTest {

    private static final String QUERY = "kafka lag billing";
    /** Every lexeme equally rare, so that all three query terms select candidates. */
    private static final TermStatistics RARE_TERMS = new TermStatistics(1_000_000, Map.of("the", 0.5), 0.0001);

    @Autowired
    MemoryService memories;

    @Autowired
    RecallQueries store;

    private UUID remember(String project, String content) {
        return memories.remember(RememberRequest.inProject(project, content)).id();
    }

    @Test
    void theMemoriesSharingTheMostQueryTermsAreGatheredFirst() {
        UUID allThree = remember(null, "Kafka consumer lag on the billing topic reached an hour");
        UUID two = remember(null, "Billing reports are computed from Kafka streams");
        remember(null, "Kafka brokers run on three nodes, Kafka Connect on two, Kafka UI on one");
        remember(null, "Replication lag alerts page the database team");
        remember(null, "Billing runs on the first of the month");
        remember("elsewhere", "Kafka lag of billing in another project");

        List<Candidate> gathered = store.fullTextByTiers("default", QUERY, tiers(), RecallFilters.NONE, 2);

        assertThat(gathered).extracting(Candidate::id).containsExactly(allThree, two);
        assertThat(gathered.get(0).score()).isGreaterThan(gathered.get(1).score());
    }

    @Test
    void withRoomForEveryMatchTheTiersRankExactlyAsEveryMatchIsRanked() {
        remember(null, "Kafka consumer lag on the billing topic reached an hour");
        remember(null, "Billing reports are computed from Kafka streams");
        remember(null, "Kafka brokers run on three nodes, Kafka Connect on two, Kafka UI on one");
        remember(null, "Replication lag alerts page the database team");
        remember(null, "Billing runs on the first of the month");
        remember(null, "Nothing to see here");

        List<Candidate> gathered = store.fullTextByTiers("default", QUERY, tiers(), RecallFilters.NONE, 50);
        List<Candidate> exact = store.fullText("default", QUERY, RecallFilters.NONE, 50);

        assertThat(gathered).hasSize(5);
        assertThat(gathered)
                .extracting(Candidate::id)
                .containsExactlyElementsOf(exact.stream().map(Candidate::id).toList());
        // ts_rank_cd is a float4: compared as one (the driver widens it differently in text and binary transfer).
        assertThat(gathered)
                .extracting(c -> (float) c.score())
                .containsExactlyElementsOf(
                        exact.stream().map(c -> (float) c.score()).toList());
    }

    @Test
    void appliesTheFiltersInsideEveryTier() {
        UUID decision = memories.remember(
                        RememberRequest.of("Kafka lag on billing: we add two partitions", MemoryType.DECISION))
                .id();
        remember(null, "Kafka consumer lag on the billing topic reached an hour");

        List<Candidate> gathered =
                store.fullTextByTiers("default", QUERY, tiers(), RecallFilters.ofType(MemoryType.DECISION), 10);

        assertThat(gathered).extracting(Candidate::id).containsExactly(decision);
    }

    @Test
    void lexemesAreThoseOfTheEnglishConfiguration() {
        assertThat(store.lexemes("Which port does checkout-api use?"))
                .containsExactlyInAnyOrder("port", "checkout-api", "checkout", "api", "use");
        assertThat(store.lexemes("the and of")).isEmpty();
    }

    private List<String> tiers() {
        return TermTiers.of(store.lexemes(QUERY), RARE_TERMS);
    }
}
