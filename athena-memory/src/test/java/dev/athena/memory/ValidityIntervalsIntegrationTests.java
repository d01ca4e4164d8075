package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class ValidityIntervalsIntegrationTests extends DatabaseIntegrationTest {

    private static final Instant JANUARY = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant JUNE = Instant.parse("2024-06-01T00:00:00Z");
    private static final Instant NEXT_YEAR = Instant.parse("2025-01-01T00:00:00Z");

    @Autowired
    MemoryService memories;

    @Autowired
    RecallService recall;

    @Autowired
    MemoryCatalog catalog;

    @Autowired
    MemoryLifecycleService lifecycle;

    @Test
    void aFactSupersededTwiceAnswersDifferentlyAsOfThreeMoments() {
        UUID first = remember(RememberRequest.of("The on-call owner of the billing service is Alice", MemoryType.FACT)
                .validDuring(JANUARY, null));
        UUID second = remember(RememberRequest.of("The on-call owner of the billing service is Bob", MemoryType.FACT)
                .superseding(first)
                .validDuring(JUNE, null));
        UUID third = remember(RememberRequest.of("The on-call owner of the billing service is Carol", MemoryType.FACT)
                .superseding(second)
                .validDuring(NEXT_YEAR, null));

        assertThat(recallAsOf("Who owns the billing service on call?", Instant.parse("2024-03-01T00:00:00Z")))
                .containsExactly(first);
        assertThat(recallAsOf("Who owns the billing service on call?", Instant.parse("2024-09-01T00:00:00Z")))
                .containsExactly(second);
        assertThat(recallAsOf("Who owns the billing service on call?", Instant.parse("2025-03-01T00:00:00Z")))
                .containsExactly(third);
        assertThat(recallAsOf("Who owns the billing service on call?", Instant.parse("2023-12-31T00:00:00Z")))
                .isEmpty();
        assertThat(recall.recall(RecallRequest.of("Who owns the billing service on call?", 5))
                        .memories())
                .extracting(RecalledMemory::id)
                .containsExactly(third);
    }

    @Test
    void supersedingEndsTheOlderMemoryWhereTheNewOneStartsAndHistoryShowsIt() {
        UUID older = remember(RememberRequest.of("Deployments go out on Tuesdays", MemoryType.DECISION)
                .validDuring(JANUARY, null));
        UUID newer = remember(RememberRequest.of("Deployments go out on Thursdays", MemoryType.DECISION)
                .superseding(older)
                .validDuring(JUNE, null));

        Memory old = catalog.get(older, null);
        assertThat(old.validFrom()).isEqualTo(JANUARY);
        assertThat(old.validTo()).isEqualTo(JUNE);
        assertThat(catalog.get(newer, null).validFrom()).isEqualTo(JUNE);
        assertThat(catalog.get(newer, null).validTo()).isNull();
        HistoryEntry superseded = catalog.history(older, null).get(1);
        assertThat(superseded.before()).containsEntry("valid_to", null);
        assertThat(superseded.after()).containsKey("valid_to");
        assertThat(java.time.OffsetDateTime.parse(
                                String.valueOf(superseded.after().get("valid_to")))
                        .toInstant())
                .isEqualTo(JUNE);
    }

    @Test
    void aMemoryValidFromWhenItOccurredByDefaultAndAPeriodFactEndsOnItsOwn() {
        Instant occurred = Instant.parse("2023-05-10T09:00:00Z");
        UUID conversation = remember(new RememberRequest(
                "We moved the office to Lyon",
                MemoryType.FACT,
                List.of(),
                null,
                java.util.Map.of(),
                null,
                null,
                occurred));
        UUID period = remember(RememberRequest.of("The sprint goal is the export feature", MemoryType.CONTEXT)
                .validDuring(JANUARY, Instant.parse("2024-01-15T00:00:00Z")));

        assertThat(catalog.get(conversation, null).validFrom()).isEqualTo(occurred);
        assertThat(recallAsOf("What is the sprint goal?", Instant.parse("2024-01-10T00:00:00Z")))
                .contains(period);
        assertThat(recallAsOf("What is the sprint goal?", Instant.parse("2024-01-15T00:00:00Z")))
                .doesNotContain(period);
    }

    @Test
    void recallNowLeavesOutAFactWhoseValidityHasEndedButNotOneThatBeginsLater() {
        UUID ended =
                remember(RememberRequest.of("The release freeze for the payments team is in force", MemoryType.CONTEXT)
                        .validDuring(JANUARY, Instant.parse("2024-01-15T00:00:00Z")));
        UUID planned =
                remember(RememberRequest.of("From next week the payments team has a release freeze", MemoryType.CONTEXT)
                        .validDuring(Instant.now().plus(Duration.ofDays(7)), null));

        List<UUID> now = recall.recall(RecallRequest.of("payments release freeze", 5)).memories().stream()
                .map(RecalledMemory::id)
                .toList();

        assertThat(now).contains(planned).doesNotContain(ended);
        assertThat(catalog.get(ended, null).state()).isEqualTo(MemoryState.ACTIVE);
    }

    @Test
    void aValidityThatEndsBeforeItBeginsIsRefused() {
        assertThatThrownBy(() -> memories.remember(
                        RememberRequest.of("Backwards", MemoryType.FACT).validDuring(JUNE, JANUARY)))
                .isInstanceOf(MemoryValidationException.class)
                .extracting("field")
                .isEqualTo("valid_to");
        assertThat(count("SELECT count(*) FROM memories")).isZero();
    }

    @Test
    void aForgottenMemoryIsFoundAsOfBeforeTheForgetAndNotAfter() {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        UUID id = remember(new RememberRequest(
                "The staging database password rotates monthly",
                MemoryType.FACT,
                List.of(),
                null,
                java.util.Map.of(),
                null,
                null,
                hourAgo));

        lifecycle.forget(id, null, "no longer true");
        Instant afterForget = Instant.now().plusSeconds(1);

        assertThat(catalog.get(id, null).validTo()).isBetween(hourAgo, afterForget);
        assertThat(recallAsOf("staging database password", hourAgo.plus(Duration.ofMinutes(30))))
                .containsExactly(id);
        assertThat(recallAsOf("staging database password", afterForget)).isEmpty();
        assertThat(recall.recall(RecallRequest.of("staging database password", 5))
                        .memories())
                .isEmpty();
    }

    @Test
    void forgettingByFilterEndsValidityToo() {
        UUID id = remember(RememberRequest.of("Temporary flag: dark mode beta", MemoryType.CONTEXT)
                .validDuring(JANUARY, null));

        lifecycle.forgetMatching(null, new ForgetFilter(MemoryType.CONTEXT, List.of(), null, null), true, "cleanup");

        assertThat(catalog.get(id, null).validTo()).isNotNull().isAfter(JANUARY);
        assertThat(recallAsOf("dark mode beta", JUNE)).containsExactly(id);
    }

    @Test
    void aPurgedMemoryIsNeverFoundAsOfAnyMoment() {
        UUID id = remember(RememberRequest.of("The customer's home address is 12 Rue de la Paix", MemoryType.FACT)
                .validDuring(JANUARY, null));

        lifecycle.purge(id, null, "erasure request");

        assertThat(recallAsOf("customer home address", JUNE)).isEmpty();
        assertThat(catalog.list(new ListMemoriesRequest(null, null, List.of(), null, 50, null, JUNE))
                        .items())
                .isEmpty();
    }

    @Test
    void listMemoriesAsOfShowsWhatWasValidThenInAnyStateUnlessOneIsAsked() {
        UUID first = remember(
                RememberRequest.of("Build with Maven 3.8", MemoryType.DECISION).validDuring(JANUARY, null));
        UUID second = remember(RememberRequest.of("Build with Maven 3.9", MemoryType.DECISION)
                .superseding(first)
                .validDuring(JUNE, null));

        assertThat(listAsOf(Instant.parse("2024-03-01T00:00:00Z"), null)).containsExactly(first);
        assertThat(listAsOf(Instant.parse("2024-09-01T00:00:00Z"), null)).containsExactly(second);
        assertThat(listAsOf(Instant.parse("2024-03-01T00:00:00Z"), MemoryState.ACTIVE))
                .isEmpty();
        assertThat(catalog.list(ListMemoriesRequest.firstPage(null, 50)).items())
                .extracting(Memory::id)
                .containsExactly(second);
    }

    @Test
    void asOfAndIncludeSupersededDoNotCombine() {
        RecallFilters filters = new RecallFilters(List.of(), List.of(), List.of(), null, null, null, true, JUNE);

        assertThatThrownBy(() -> recall.recall(RecallRequest.of("anything", 5).withFilters(filters)))
                .isInstanceOf(MemoryValidationException.class)
                .extracting("field")
                .isEqualTo("include_superseded");
    }

    @Test
    void theMigrationGivesExistingRowsTheirValidityFromWhenTheyOccurredUntilTheirLastStateChange() throws Exception {
        UUID active = remember(
                RememberRequest.of("Legacy active fact", MemoryType.FACT).validDuring(JANUARY, null));
        UUID forgotten = remember(
                RememberRequest.of("Legacy forgotten fact", MemoryType.FACT).validDuring(JANUARY, null));
        lifecycle.forget(forgotten, null, "old");
        jdbc.update("UPDATE memories SET valid_from = now(), valid_to = NULL");

        jdbc.update(migrationBackfill());

        assertThat(catalog.get(active, null).validFrom())
                .isEqualTo(catalog.get(active, null).occurredAt());
        assertThat(catalog.get(active, null).validTo()).isNull();
        Instant forgetEntry = catalog.history(forgotten, null).get(1).at();
        assertThat(catalog.get(forgotten, null).validTo()).isEqualTo(forgetEntry);
    }

    /** The statement of V11 that fills in the validity of the rows it finds. */
    private static String migrationBackfill() throws java.io.IOException {
        String migration = new String(
                ValidityIntervalsIntegrationTests.class
                        .getResourceAsStream("/db/migration/V11__validity_intervals.sql")
                        .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        int start = migration.indexOf("UPDATE memories m SET valid_from");
        return migration.substring(start, migration.indexOf(';', start));
    }

    private UUID remember(RememberRequest request) {
        RememberResult result = memories.remember(request);
        assertThat(result.status()).isEqualTo(RememberResult.Status.CREATED);
        return result.id();
    }

    private List<UUID> recallAsOf(String query, Instant asOf) {
        return recall.recall(RecallRequest.of(query, 5).withFilters(RecallFilters.NONE.asOf(asOf))).memories().stream()
                .map(RecalledMemory::id)
                .toList();
    }

    private List<UUID> listAsOf(Instant asOf, MemoryState state) {
        return catalog.list(new ListMemoriesRequest(null, null, List.of(), state, 50, null, asOf)).items().stream()
                .map(Memory::id)
                .toList();
    }
}
