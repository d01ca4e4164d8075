package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import dev.athena.memory.testing.SwitchableEmbeddingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class RecallIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    MemoryService memories;

    @Autowired
    RecallService recall;

    @Autowired
    SwitchableEmbeddingClient embedder;

    @AfterEach
    void embedderBack() {
        embedder.comeBack();
    }

    private UUID remember(
            String content, List<String> tags, Map<String, Object> metadata, Instant occurredAt, double importance) {
        return memories.remember(new RememberRequest(
                        content, MemoryType.FACT, tags, importance, metadata, null, null, occurredAt))
                .id();
    }

    private UUID remember(String content) {
        return memories.remember(RememberRequest.of(content, MemoryType.FACT)).id();
    }

    @Test
    void hybridFindsAnExactIdentifierThatMeaningAloneRanksLow() {
        UUID errorCode = remember("The payment service fails with error E4012 when the card issuer times out");
        remember("Payments sometimes fail when an external provider is slow to respond");
        remember("The checkout page shows a spinner while the payment is processed");
        remember("Retries for payment provider calls use exponential backoff");

        List<RecalledMemory> hybrid =
                recall.recall(RecallRequest.of("E4012", 3)).memories();
        List<RecalledMemory> text = recall.recall(RecallRequest.of("E4012", 3).withMode(RecallMode.TEXT, false))
                .memories();

        assertThat(hybrid.get(0).id()).isEqualTo(errorCode);
        assertThat(text).extracting(RecalledMemory::id).containsExactly(errorCode);
    }

    @Test
    void hybridFindsAParaphraseThatSharesNoKeyword() {
        UUID favourite = remember("The user's favourite programming language is Rust");
        remember("Python scripts live in the tools directory");
        remember("The user dislikes long meetings");

        List<RecalledMemory> hybrid = recall.recall(RecallRequest.of("Which language does she like best?", 3))
                .memories();

        assertThat(hybrid.get(0).id()).isEqualTo(favourite);
    }

    @Test
    void explainShowsEveryTermOfTheScore() {
        remember("Grafana dashboards are provisioned from JSON files", List.of(), Map.of(), null, 0.9);

        RecalledMemory result = recall.recall(
                        RecallRequest.of("grafana dashboards provisioning", 1).explained())
                .memories()
                .get(0);

        RecalledMemory.ScoreExplanation explain = result.explanation();
        assertThat(explain.vectorRank()).isEqualTo(1);
        assertThat(explain.vectorSimilarity()).isBetween(0.0, 1.0);
        assertThat(explain.textRank()).isEqualTo(1);
        assertThat(explain.textScore()).isPositive();
        assertThat(explain.vectorTerm()).isEqualTo(1.0);
        assertThat(explain.textTerm()).isEqualTo(1.0);
        assertThat(explain.fusedScore()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(explain.contextTerm()).isZero();
        assertThat(explain.timeTerm()).isZero();
        assertThat(explain.recencyTerm()).isPositive();
        assertThat(explain.importanceTerm())
                .isCloseTo(
                        settings.importanceWeight() * 0.4,
                        org.assertj.core.data.Offset.offset(1e-6)); // importance is a float4 column
        assertThat(result.score())
                .isCloseTo(
                        explain.fusedScore() + explain.recencyTerm() + explain.importanceTerm(),
                        org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void withoutExplainThereIsNoExplanation() {
        remember("Backups are kept for 30 days");

        assertThat(recall.recall(RecallRequest.of("backups", 1))
                        .memories()
                        .get(0)
                        .explanation())
                .isNull();
    }

    @Test
    void reRankingPrefersTheRecentAndTheImportantAmongEquallyRelevantMemories() {
        Instant old = Instant.parse("2020-01-01T00:00:00Z");
        // The same words but for the room's name: equal full-text evidence, and not near-duplicates of each other.
        UUID stale = remember("Team standup happens at 09:30 in room Orion", List.of(), Map.of(), old, 0.5);
        UUID fresh = remember("Team standup happens at 09:30 in room Vega", List.of(), Map.of(), null, 0.5);

        List<RecalledMemory> ranked =
                recall.recall(RecallRequest.of("standup room", 2).explained()).memories();

        assertThat(ranked).extracting(RecalledMemory::id).containsExactly(fresh, stale);
        assertThat(ranked.get(0).explanation().recencyTerm())
                .isGreaterThan(ranked.get(1).explanation().recencyTerm());
    }

    @Test
    void filtersByTagsTimeRangeMetadataAndType() {
        UUID tagged = remember(
                "Deploy notes for the billing service",
                List.of("billing", "deploy"),
                Map.of("env", "prod"),
                Instant.parse("2025-06-01T00:00:00Z"),
                0.5);
        remember(
                "Deploy notes for the search service",
                List.of("search", "deploy"),
                Map.of("env", "staging"),
                Instant.parse("2025-01-01T00:00:00Z"),
                0.5);
        RecallRequest deployNotes = RecallRequest.of("deploy notes", 10);

        assertThat(recall.recall(deployNotes.withFilters(filters(List.of("billing"), List.of(), null, null, Map.of())))
                        .memories())
                .extracting(RecalledMemory::id)
                .containsExactly(tagged);
        assertThat(recall.recall(deployNotes.withFilters(
                                filters(List.of(), List.of("deploy", "billing"), null, null, Map.of())))
                        .memories())
                .extracting(RecalledMemory::id)
                .containsExactly(tagged);
        assertThat(recall.recall(deployNotes.withFilters(
                                filters(List.of(), List.of(), Instant.parse("2025-03-01T00:00:00Z"), null, Map.of())))
                        .memories())
                .extracting(RecalledMemory::id)
                .containsExactly(tagged);
        assertThat(recall.recall(deployNotes.withFilters(
                                filters(List.of(), List.of(), null, null, Map.of("env", "prod"))))
                        .memories())
                .extracting(RecalledMemory::id)
                .containsExactly(tagged);
        assertThat(recall.recall(deployNotes.withFilters(RecallFilters.ofType(MemoryType.DECISION)))
                        .memories())
                .isEmpty();
    }

    @Test
    void supersededMemoriesAreLeftOutUnlessAskedFor() {
        UUID older = remember("The staging URL is staging-1.example.com");
        UUID newer = memories.remember(RememberRequest.of("The staging URL is staging-2.example.com", MemoryType.FACT)
                        .superseding(older))
                .id();

        assertThat(recall.recall(RecallRequest.of("staging URL", 5)).memories())
                .extracting(RecalledMemory::id)
                .containsExactly(newer);
        RecallFilters withSuperseded = new RecallFilters(List.of(), List.of(), List.of(), null, null, Map.of(), true);
        assertThat(recall.recall(RecallRequest.of("staging URL", 5).withFilters(withSuperseded))
                        .memories())
                .extracting(RecalledMemory::id)
                .containsExactlyInAnyOrder(newer, older);
    }

    @Test
    void minScoreDropsWeakResults() {
        // Days apart, so the second is not taken for the reply to the first (conversation context).
        remember(
                "Kubernetes namespaces isolate the teams",
                List.of(),
                Map.of(),
                Instant.parse("2024-01-10T10:00:00Z"),
                0.5);
        remember(
                "The cafeteria serves soup on Thursdays",
                List.of(),
                Map.of(),
                Instant.parse("2024-01-12T10:00:00Z"),
                0.5);

        List<RecalledMemory> strong = recall.recall(new RecallRequest(
                        "kubernetes namespaces", 5, null, RecallFilters.NONE, RecallMode.HYBRID, true, 0.6, false))
                .memories();

        assertThat(strong)
                .extracting(RecalledMemory::content)
                .containsExactly("Kubernetes namespaces isolate the teams");
    }

    @Test
    void vectorModeUsesNoKeywordEvidence() {
        remember("Flaky test: OrderServiceTest.shouldRetry fails on CI");

        RecalledMemory result = recall.recall(RecallRequest.of("OrderServiceTest", 1)
                        .withMode(RecallMode.VECTOR, false)
                        .explained())
                .memories()
                .get(0);

        assertThat(result.explanation().textRank()).isNull();
        assertThat(result.explanation().vectorRank()).isEqualTo(1);
    }

    @Test
    void withTheEmbedderDownRecallAnswersFromFullTextAndSaysSo() {
        UUID id = remember("The VPN gateway is vpn.example.org");
        embedder.goDown();

        RecallResult result = recall.recall(RecallRequest.of("VPN gateway", 5));

        assertThat(result.degraded()).isTrue();
        assertThat(result.memories()).extracting(RecalledMemory::id).containsExactly(id);
    }

    @Autowired
    RecallQueries store;

    @Autowired
    RecallProperties settings;

    @Autowired
    MemoryProperties memoryProperties;

    @Autowired
    AccessRecorder accessRecorder;

    @Test
    void bm25WeighsARareTermAboveACommonOne() {
        for (int i = 0; i < 8; i++) {
            remember("Meeting notes number " + i + " from the weekly project meeting");
        }
        UUID rare = remember("Meeting about the Zanzibar migration plan");
        List<RecalledMemory> ranked = recall.recall(
                        RecallRequest.of("meeting zanzibar", 3).withMode(RecallMode.TEXT, false))
                .memories();

        assertThat(ranked.get(0).id()).isEqualTo(rare);
    }

    @Test
    void aReplyGainsContextFromTheTurnBeforeItInTheSameConversation() {
        Instant session = Instant.parse("2024-03-02T19:00:00Z");
        List<RememberResult> turns = memories.rememberBatch(
                null,
                List.of(
                        turn("Owen: How many stars did the food critic give your restaurant?", session),
                        turn("Nadia: Two and a half out of four. She adored the gnocchi.", session.plusSeconds(60)),
                        turn("Owen: My landlord finally fixed the heating in the flat.", session.plusSeconds(120)),
                        turn("Nadia: The new dishwasher starts on Monday.", session.plusSeconds(180))));
        UUID reply = turns.get(1).id();

        List<RecalledMemory> ranked = recall.recall(RecallRequest.of("How many stars did the critic award?", 4)
                        .explained())
                .memories();

        RecalledMemory answer =
                ranked.stream().filter(m -> m.id().equals(reply)).findFirst().orElseThrow();
        assertThat(answer.explanation().contextTerm()).isPositive();
        assertThat(ranked.indexOf(answer)).isLessThanOrEqualTo(1);
        RecalledMemory question = ranked.stream()
                .filter(m -> m.id().equals(turns.get(0).id()))
                .findFirst()
                .orElseThrow();
        assertThat(answer.explanation().contextTerm())
                .isCloseTo(
                        settings.contextWeight() * question.explanation().fusedScore(),
                        org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aMemoryRecordedLongAfterAnotherGainsNoContextFromIt() {
        Instant day = Instant.parse("2024-03-02T19:00:00Z");
        memories.remember(turn("How many stars did the food critic give your restaurant?", day));
        UUID later = memories.remember(turn("The dishwasher starts on Monday.", day.plus(java.time.Duration.ofDays(3))))
                .id();

        List<RecalledMemory> ranked = recall.recall(RecallRequest.of("How many stars did the critic award?", 2)
                        .explained())
                .memories();

        assertThat(ranked)
                .filteredOn(m -> m.id().equals(later))
                .allSatisfy(m -> assertThat(m.explanation().contextTerm()).isZero());
    }

    @Test
    void aTimeNamedInTheQueryFavoursWhatHappenedThen() {
        UUID may = remember(
                "Anna baked a lemon tart for the picnic",
                List.of(),
                Map.of(),
                Instant.parse("2023-05-14T12:00:00Z"),
                0.5);
        UUID august = remember(
                "Anna baked a lemon tart for the party",
                List.of(),
                Map.of(),
                Instant.parse("2023-08-20T12:00:00Z"),
                0.5);

        List<RecalledMemory> inMay = recall.recall(
                        RecallRequest.of("What did Anna bake in May 2023?", 2).explained())
                .memories();
        List<RecalledMemory> inAugust = recall.recall(RecallRequest.of("What did Anna bake in August 2023?", 2)
                        .explained())
                .memories();

        assertThat(inMay.get(0).id()).isEqualTo(may);
        assertThat(inMay.get(0).explanation().timeTerm()).isEqualTo(settings.timeWeight());
        assertThat(inMay.get(1).explanation().timeTerm()).isZero();
        assertThat(inAugust.get(0).id()).isEqualTo(august);
    }

    @Test
    void recallReturnsEachMemorysMetadata() {
        remember(
                "The release train leaves every second Tuesday",
                List.of("process"),
                Map.of("source", "handbook", "page", 12),
                null,
                0.5);

        RecalledMemory result = recall.recall(RecallRequest.of("when does the release train leave", 1))
                .memories()
                .get(0);

        assertThat(result.metadata()).isEqualTo(Map.of("source", "handbook", "page", 12));
    }

    private static RememberRequest turn(String content, Instant occurredAt) {
        return new RememberRequest(content, MemoryType.CONTEXT, List.of(), null, Map.of(), null, null, occurredAt);
    }

    @Test
    void aSmallProjectGetsAllItsCandidatesWhenOtherProjectsHoldTheNearestVectors() {
        List<RememberRequest> crowd = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) {
            crowd.add(RememberRequest.of(
                    "Deployment pipeline note " + i + ": the release job pushed build " + (1000 + i), MemoryType.FACT));
        }
        memories.rememberBatch("crowded", crowd);
        for (String dish : List.of(
                "lemon sponge",
                "rye sourdough",
                "apple crumble",
                "ginger biscuits",
                "carrot cake",
                "pear tart",
                "banana bread",
                "cheese scones",
                "plum cobbler",
                "almond macarons",
                "fig galette",
                "honey flapjacks")) {
            memories.remember(RememberRequest.inProject(
                    "small", "Our family recipe for " + dish + " came from grandmother Elsie"));
        }

        List<RecalledMemory> ranked = recall.recall(
                        RecallRequest.inProject("small", "deployment pipeline release job", 10)
                                .withMode(RecallMode.VECTOR, false))
                .memories();

        assertThat(count("SELECT count(*) FROM memories WHERE project = 'small' AND state = 'active'"))
                .isGreaterThanOrEqualTo(10);
        assertThat(ranked).hasSize(10);
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> recall.recall(RecallRequest.of(" ", 5)))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("query"));
        assertThatThrownBy(() -> recall.recall(RecallRequest.of("x", 0)))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("k"));
        assertThatThrownBy(() -> recall.recall(RecallRequest.of("x", 5)
                        .withFilters(filters(
                                List.of(),
                                List.of(),
                                Instant.parse("2025-02-01T00:00:00Z"),
                                Instant.parse("2025-01-01T00:00:00Z"),
                                Map.of()))))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("occurred_after"));
    }

    private static RecallFilters filters(
            List<String> any, List<String> all, Instant after, Instant before, Map<String, Object> metadata) {
        return new RecallFilters(List.of(), any, all, after, before, metadata, false);
    }
}
