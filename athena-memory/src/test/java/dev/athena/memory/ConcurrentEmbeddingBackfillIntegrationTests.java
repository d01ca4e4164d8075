package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingModelInfo;
import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.embedding.EmbeddingStatus;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import dev.athena.memory.testing.SwitchableEmbeddingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Mono;

/**
 * Two gateways sharing a database both run the embedding backfill: each pending memory is sent to the embedder by one
 * of them only (the embedder is the scarce resource, a CPU llama.cpp server), and every one ends with its vector.
 */
@SpringBootTest
class ConcurrentEmbeddingBackfillIntegrationTests extends DatabaseIntegrationTest {

    /** More than two of the backfill's batches (64), so that both instances find work while the other embeds. */
    private static final int PENDING = 150;

    @Autowired
    MemoryService memories;

    @Autowired
    SwitchableEmbeddingClient embedder;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    MemoryProperties properties;

    @AfterEach
    void embedderBack() {
        embedder.comeBack();
    }

    @Test
    void twoInstancesBackfillingTogetherEmbedEachPendingMemoryOnceAndLeaveNoneBehind() throws Exception {
        embedder.goDown();
        List<RememberRequest> pending = IntStream.range(0, PENDING)
                .mapToObj(i -> RememberRequest.of(
                        "Runbook step " + i + ": restart worker pool " + (i * 31 % 97), MemoryType.FACT))
                .toList();
        memories.rememberBatch(null, pending);
        embedder.comeBack();
        // Slow enough that the second instance looks for work while the first still holds its batch.
        RecordingEmbedder slowEmbedder = new RecordingEmbedder(embedder, Duration.ofMillis(150));
        EmbeddingBackfill first = new EmbeddingBackfill(jdbc, transaction, slowEmbedder, properties);
        EmbeddingBackfill second = new EmbeddingBackfill(jdbc, transaction, slowEmbedder, properties);

        List<Integer> embeddedByEach = runTogether(first, second);

        assertThat(embeddedByEach.stream().mapToInt(Integer::intValue).sum()).isEqualTo(PENDING);
        assertThat(slowEmbedder.timesEmbedded).hasSize(PENDING);
        assertThat(slowEmbedder.timesEmbedded.values())
                .as("times each text was sent to the embedder")
                .containsOnly(1);
        assertThat(first.pendingCount()).isZero();
        assertThat(count("SELECT count(*) FROM memories WHERE embedding IS NOT NULL"))
                .isEqualTo(PENDING);
    }

    private static List<Integer> runTogether(EmbeddingBackfill... backfills) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(backfills.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> runs = java.util.Arrays.stream(backfills)
                    .map(backfill -> pool.submit(() -> {
                        start.await();
                        return backfill.embedPending();
                    }))
                    .toList();
            start.countDown();
            return runs.stream()
                    .map(run -> {
                        try {
                            return run.get(60, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new AssertionError("a backfill run failed", e);
                        }
                    })
                    .toList();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The embedder, answering after a delay, counting how often it was asked for each text. */
    private static final class RecordingEmbedder implements EmbeddingClient {

        private final EmbeddingClient delegate;
        private final Duration delay;
        private final Map<String, Integer> timesEmbedded = new ConcurrentHashMap<>();

        RecordingEmbedder(EmbeddingClient delegate, Duration delay) {
            this.delegate = delegate;
            this.delay = delay;
        }

        @Override
        public EmbeddingModelInfo model() {
            return delegate.model();
        }

        @Override
        public Mono<List<float[]>> embed(List<String> texts, EmbeddingPurpose purpose) {
            texts.forEach(text -> timesEmbedded.merge(text, 1, Integer::sum));
            return Mono.delay(delay).then(delegate.embed(texts, purpose));
        }

        @Override
        public Mono<EmbeddingStatus> status() {
            return delegate.status();
        }
    }
}
