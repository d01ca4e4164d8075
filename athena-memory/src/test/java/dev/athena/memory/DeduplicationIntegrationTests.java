package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class DeduplicationIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    MemoryService memories;

    @Test
    void anExactDuplicateReturnsTheExistingIdAndWritesNothing() {
        UUID first = memories.remember(RememberRequest.of("The CI runs on two cores", MemoryType.FACT))
                .id();

        RememberResult again = memories.remember(RememberRequest.of("The CI runs on two cores", MemoryType.FACT));

        assertThat(again).isEqualTo(new RememberResult(first, RememberResult.Status.DUPLICATE, 1.0));
        assertThat(count("SELECT count(*) FROM memories")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM memory_history")).isEqualTo(1);
    }

    @Test
    void aNearDuplicateAboveTheThresholdReturnsTheExistingIdWithItsSimilarity() {
        UUID first = memories.remember(RememberRequest.of(
                        "The deployment pipeline runs integration tests before release.", MemoryType.FACT))
                .id();

        RememberResult near = memories.remember(RememberRequest.of(
                "The deployment pipeline runs the integration tests before a release.", MemoryType.FACT));

        assertThat(near.status()).isEqualTo(RememberResult.Status.DUPLICATE);
        assertThat(near.id()).isEqualTo(first);
        assertThat(near.similarity()).isBetween(0.97, 1.0);
        assertThat(count("SELECT count(*) FROM memories")).isEqualTo(1);
    }

    @Test
    void aNearDuplicateIsFoundBehindCloserMemoriesOfOtherProjects() {
        String text = "The deployment pipeline runs the integration tests before a release.";
        for (int i = 0; i < 10; i++) {
            memories.remember(RememberRequest.inProject("other-" + i, text));
        }
        UUID own = memories.remember(RememberRequest.of(
                        "The deployment pipeline runs integration tests before release.", MemoryType.FACT))
                .id();

        RememberResult near = memories.remember(RememberRequest.of(text, MemoryType.FACT));

        assertThat(near.status()).isEqualTo(RememberResult.Status.DUPLICATE);
        assertThat(near.id()).isEqualTo(own);
    }

    @Test
    void factsThatDifferOnlyInANumberAreBothKept() {
        memories.remember(RememberRequest.of("The API rate limit is 100 requests per minute", MemoryType.FACT));

        RememberResult other =
                memories.remember(RememberRequest.of("The API rate limit is 500 requests per minute", MemoryType.FACT));

        assertThat(other.status()).isEqualTo(RememberResult.Status.CREATED);
    }

    @Test
    void aRelatedButDifferentFactIsStored() {
        memories.remember(RememberRequest.of("The staging cluster has three nodes", MemoryType.FACT));

        RememberResult other =
                memories.remember(RememberRequest.of("The production cluster runs in Frankfurt", MemoryType.FACT));

        assertThat(other.status()).isEqualTo(RememberResult.Status.CREATED);
        assertThat(count("SELECT count(*) FROM memories")).isEqualTo(2);
    }

    @Test
    void dedupNeverCrossesProjects() {
        UUID alpha = memories.remember(RememberRequest.inProject("alpha", "Builds use Maven 3.9"))
                .id();

        RememberResult beta = memories.remember(RememberRequest.inProject("beta", "Builds use Maven 3.9"));

        assertThat(beta.status()).isEqualTo(RememberResult.Status.CREATED);
        assertThat(beta.id()).isNotEqualTo(alpha);
    }

    @Test
    void sixteenThreadsRememberingTheSameContentLeaveExactlyOneMemory() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RememberResult>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return memories.remember(
                        RememberRequest.of("Everyone agrees: releases happen on Tuesdays", MemoryType.DECISION));
            }));
        }
        start.countDown();
        List<RememberResult> results = new ArrayList<>();
        for (Future<RememberResult> future : futures) {
            results.add(future.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        Set<UUID> ids = results.stream().map(RememberResult::id).collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        assertThat(results)
                .filteredOn(r -> r.status() == RememberResult.Status.CREATED)
                .hasSize(1);
        assertThat(count("SELECT count(*) FROM memories")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM memory_history")).isEqualTo(1);
    }
}
