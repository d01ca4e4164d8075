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
class MemoryServiceIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    MemoryService memories;

    @Autowired
    RecallService recall;

    @Test
    void remembersAFactAndRecallsItFromAParaphrase() {
        UUID rust = memories.remember(
                        RememberRequest.of("The user's favourite programming language is Rust", MemoryType.FACT))
                .id();
        memories.remember(RememberRequest.of("The staging database runs PostgreSQL 15 with pgvector", MemoryType.FACT));
        memories.remember(RememberRequest.of(
                "We decided to deploy on Fridays only after the smoke tests pass", MemoryType.DECISION));

        RecallResult result = recall.recall(RecallRequest.of("Which language does the user like best?", 5));

        assertThat(result.degraded()).isFalse();
        assertThat(result.memories()).hasSize(3);
        assertThat(result.memories().get(0).id()).isEqualTo(rust);
        assertThat(result.memories())
                .extracting(RecalledMemory::score)
                .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void storesTheVectorWithTheModelThatMadeIt() {
        RememberResult result = memories.remember(RememberRequest.of("Tests run with mvnw verify", MemoryType.CONTEXT));

        assertThat(result.status()).isEqualTo(RememberResult.Status.CREATED);
        assertThat(jdbc.queryForObject(
                        "SELECT vector_dims(embedding) FROM memories WHERE id = ?", Integer.class, result.id()))
                .isEqualTo(384);
        assertThat(jdbc.queryForObject("SELECT embedding_model FROM memories WHERE id = ?", String.class, result.id()))
                .isEqualTo("e5-small-v2-q");
    }

    @Test
    void anImportanceTooSmallForTheFloatColumnIsStoredAsZero() {
        // Found by the gateway's bad input sweep: 4.9e-324 is between 0 and 1, but PostgreSQL's real underflows on it.
        RememberResult result = memories.remember(new RememberRequest(
                "Importance at the bottom of the double range",
                MemoryType.FACT,
                List.of(),
                Double.MIN_VALUE,
                Map.of(),
                null,
                null,
                null));

        assertThat(jdbc.queryForObject("SELECT importance FROM memories WHERE id = ?", Double.class, result.id()))
                .isZero();
    }

    @Test
    void returnsTheExistingIdForAnExactDuplicateInTheSameProject() {
        UUID first = memories.remember(RememberRequest.of("The CI runs on two cores", MemoryType.FACT))
                .id();

        RememberResult again = memories.remember(RememberRequest.of("  The CI runs   on two cores ", MemoryType.FACT));

        assertThat(again).isEqualTo(new RememberResult(first, RememberResult.Status.DUPLICATE, 1.0));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM memories", Long.class))
                .isEqualTo(1);
    }

    @Test
    void keepsProjectsApart() {
        memories.remember(RememberRequest.inProject("alpha", "Alpha uses Gradle"));
        UUID beta = memories.remember(RememberRequest.inProject("beta", "Alpha uses Gradle"))
                .id();

        RecallResult fromBeta = recall.recall(RecallRequest.inProject("beta", "build tool", 5));

        assertThat(fromBeta.memories()).extracting(RecalledMemory::id).containsExactly(beta);
        assertThat(recall.recall(RecallRequest.inProject("gamma", "build tool", 5))
                        .memories())
                .isEmpty();
    }

    @Test
    void filtersRecallByMemoryType() {
        memories.remember(RememberRequest.of("Deploys go through the blue-green pipeline", MemoryType.FACT));
        UUID decision = memories.remember(
                        RememberRequest.of("We chose blue-green deploys over canaries", MemoryType.DECISION))
                .id();

        RecallResult result =
                recall.recall(RecallRequest.of("deploys", 5).withFilters(RecallFilters.ofType(MemoryType.DECISION)));

        assertThat(result.memories()).extracting(RecalledMemory::id).containsExactly(decision);
    }

    @Test
    void rejectsEmptyAndOversizedContentWithoutWriting() {
        assertThatThrownBy(() -> memories.remember(RememberRequest.of("   ", MemoryType.FACT)))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("content"));
        assertThatThrownBy(() -> memories.remember(RememberRequest.of("x".repeat(32 * 1024 + 1), MemoryType.FACT)))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.reason()).contains("32768"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM memories", Long.class))
                .isZero();
    }

    @Test
    void rejectsAnEmptyQueryAndAnOutOfRangeK() {
        assertThatThrownBy(() -> recall.recall(RecallRequest.of("", 5)))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("query"));
        assertThatThrownBy(() -> recall.recall(RecallRequest.of("anything", 101)))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("k"));
    }

    @Test
    void rejectsAnInvalidProjectName() {
        assertThatThrownBy(() -> memories.remember(RememberRequest.inProject("../etc", "x")))
                .isInstanceOfSatisfying(
                        MemoryValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("project"));
    }
}
