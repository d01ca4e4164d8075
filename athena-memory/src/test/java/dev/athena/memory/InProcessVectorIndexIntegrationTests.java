package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.memory.ProjectVectorIndex.VectorHit;
import dev.athena.memory.RecallQueries.Candidate;
import dev.athena.memory.RecallQueries.VectorSearch;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import dev.athena.memory.testing.SwitchableEmbeddingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The nearest neighbours from the in-process HNSW graphs against PostgreSQL: they agree with the exact search, and a
 * recall sees every embedding committed before it, including one the backfill wrote after the memory was stored. The
 * graphs are turned on, and every project is searched through a graph here ({@code exact-search-below} 0), as a large
 * project is by default.
 */
@SpringBootTest(properties = {"athena.recall.exact-search-below=0", "athena.recall.text-index.vectors=true"})
class InProcessVectorIndexIntegrationTests extends DatabaseIntegrationTest {

    private static final String PROJECT = "vectors";
    private static final String[] TOPICS = {
        "the billing service's Kafka consumer lags behind on Fridays",
        "PostgreSQL vacuum was turned off on the reporting replica",
        "the deploy pipeline waits for the schema migration to finish",
        "on-call rotates every Monday at nine",
        "the invoice queue retries three times before it gives up",
        "Redis cache entries for sessions expire after an hour",
        "latency alerts fire when p99 goes over 250 milliseconds",
        "the mobile team ships a release every second Thursday"
    };

    @Autowired
    MemoryService memories;

    @Autowired
    MemoryLifecycleService lifecycle;

    @Autowired
    RecallQueries store;

    @Autowired
    RecallService recall;

    @Autowired
    InProcessBm25 index;

    @Autowired
    EmbeddingClient embeddings;

    @Autowired
    SwitchableEmbeddingClient embedder;

    @Autowired
    EmbeddingBackfill backfill;

    @BeforeEach
    void indexLoaded() {
        index.refresh();
        assertThat(index.ready()).isTrue();
    }

    @AfterEach
    void embedderBack() {
        embedder.comeBack();
    }

    private UUID remember(String content) {
        return memories.remember(RememberRequest.inProject(PROJECT, content)).id();
    }

    private float[] embedQuery(String query) {
        return embeddings.embed(query, EmbeddingPurpose.QUERY).block();
    }

    private List<UUID> nearestInProcess(float[] query, int limit) {
        return index.search(PROJECT, null, query, limit, limit, 100).orElseThrow().nearest().stream()
                .map(VectorHit::id)
                .toList();
    }

    private void rememberCorpus(int count) {
        memories.rememberBatch(
                PROJECT,
                IntStream.range(0, count)
                        .mapToObj(i -> RememberRequest.of(
                                "Note " + i + ": " + TOPICS[i % TOPICS.length] + " (" + (i * 37 % 101) + ")",
                                MemoryType.FACT))
                        .toList());
    }

    @Test
    void theGraphFindsWhatTheExactSearchFinds() {
        rememberCorpus(300);

        for (String query :
                List.of("Kafka lag on billing", "who is on call", "when do sessions expire", "p99 alerts")) {
            float[] vector = embedQuery(query);
            List<Candidate> exact = store.nearest(PROJECT, vector, RecallFilters.NONE, 20, VectorSearch.EXACT);
            List<Candidate> found = store.retrieve(
                            PROJECT,
                            vector,
                            index.search(PROJECT, null, vector, 20, 20, 100)
                                    .orElseThrow()
                                    .nearest(),
                            List.of(),
                            RecallFilters.NONE)
                    .nearest();

            // The corpus repeats eight topics, so the twentieth place is shared by near ties, which the graph's
            // one-byte components may order otherwise: what it must not do is miss a clearly nearer memory.
            Set<UUID> foundIds = new HashSet<>(found.stream().map(Candidate::id).toList());
            assertThat(exact.stream().filter(c -> foundIds.contains(c.id())).count())
                    .as(query)
                    .isGreaterThanOrEqualTo(15);
            assertThat(found).hasSize(20);
            for (int rank = 0; rank < 20; rank++) {
                assertThat(found.get(rank).score())
                        .as(query + ", rank " + rank)
                        .isGreaterThanOrEqualTo(exact.get(rank).score() - 0.01);
            }
        }
    }

    @Test
    void recallRanksTheGraphsNeighboursByTheirExactSimilarity() {
        rememberCorpus(120);
        float[] vector = embedQuery("Kafka lag on billing");

        RecallQueries.Retrieval retrieval = store.retrieve(
                PROJECT,
                vector,
                index.search(PROJECT, null, vector, 10, 10, 100).orElseThrow().nearest(),
                List.of(),
                RecallFilters.NONE);

        List<Candidate> exact = store.nearest(PROJECT, vector, RecallFilters.NONE, 10, VectorSearch.EXACT);
        assertThat(retrieval.nearest())
                .extracting(Candidate::id)
                .isEqualTo(exact.stream().map(Candidate::id).toList());
        for (int i = 0; i < exact.size(); i++) {
            assertThat(retrieval.nearest().get(i).score())
                    .isEqualTo(exact.get(i).score());
        }
    }

    @Test
    void aRecallFindsAMemoryRememberedJustBefore() {
        rememberCorpus(60);

        UUID fresh = remember("The Terraform state lives in an S3 bucket in eu-west-1");

        assertThat(nearestInProcess(embedQuery("where is the terraform state kept"), 1))
                .containsExactly(fresh);
        RecallResult result = recall.recall(RecallRequest.inProject(PROJECT, "where is the terraform state kept", 1));
        assertThat(result.memories()).extracting(RecalledMemory::id).containsExactly(fresh);
    }

    @Test
    void aMemoryEmbeddedLaterByTheBackfillJoinsTheGraph() {
        rememberCorpus(60);
        embedder.goDown();
        UUID pending = remember("The Terraform state lives in an S3 bucket in eu-west-1");
        embedder.comeBack();
        float[] query = embedQuery("where is the terraform state kept");
        assertThat(nearestInProcess(query, 60)).doesNotContain(pending);

        assertThat(backfill.embedPending()).isEqualTo(1);

        assertThat(nearestInProcess(query, 1)).containsExactly(pending);
    }

    @Test
    void aForgottenMemoryLeavesTheGraph() {
        rememberCorpus(60);
        UUID doomed = remember("The Terraform state lives in an S3 bucket in eu-west-1");
        float[] query = embedQuery("where is the terraform state kept");
        assertThat(nearestInProcess(query, 1)).containsExactly(doomed);

        lifecycle.forget(doomed, PROJECT, "moved to GCS");

        assertThat(nearestInProcess(query, 61)).doesNotContain(doomed).hasSize(60);
    }
}
