package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import dev.athena.memory.TextIndexChanges.TextChanges;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The index loads on a thread of its own: the application reports ready without waiting for a load that takes a minute
 * and a half per 100,000 memories with the vector graphs, and the scheduler's one thread is never held by it.
 */
class InProcessBm25BackgroundLoadTests {

    private static final PgSnapshot SNAPSHOT = PgSnapshot.parse("100:100:");
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final TextIndexChanges changes = mock(TextIndexChanges.class);
    private final InProcessBm25 index = new InProcessBm25(
            changes,
            new TextIndexProperties(true, Duration.ofMillis(50), Duration.ofMinutes(30), false, 0.25),
            RecallServiceTests.RECALL_PROPERTIES,
            Clock.systemUTC());

    @AfterEach
    void stop() {
        index.stopBackgroundWork();
    }

    @Test
    void theLoadAtStartReturnsBeforeTheIndexIsLoadedAndLoadsItInTheBackground() throws Exception {
        CountDownLatch loadStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> loadingThread = new AtomicReference<>();
        when(changes.readAll(any())).thenAnswer(call -> {
            loadingThread.set(Thread.currentThread().getName());
            loadStarted.countDown();
            release.await();
            return SNAPSHOT;
        });
        when(changes.changesSince(any())).thenReturn(new TextChanges(SNAPSHOT, false, List.of()));

        try {
            // On the caller's thread the load would wait for the release below: the call must return first.
            CompletableFuture.runAsync(index::loadAtStart).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(index.ready())
                    .as("recall runs on the database until the load ends")
                    .isFalse();
        } finally {
            release.countDown();
        }

        assertThat(loadStarted.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                .as("the load starts right away")
                .isTrue();
        assertThat(loadingThread.get()).isEqualTo("athena-text-index");
        assertThat(eventually(index::ready)).as("ready once loaded").isTrue();
    }

    @Test
    void aLoadThatFailsWithAnyErrorIsTriedAgain() throws Exception {
        when(changes.readAll(any()))
                .thenThrow(new IllegalStateException("a row the index could not read"))
                .thenReturn(SNAPSHOT);
        when(changes.changesSince(any())).thenReturn(new TextChanges(SNAPSHOT, false, List.of()));

        index.loadAtStart();

        assertThat(eventually(index::ready))
                .as("an executor never runs a task again once it threw; the refresh must catch")
                .isTrue();
    }

    @Test
    void nothingLoadsWhenTheIndexIsOff() throws Exception {
        InProcessBm25 off = new InProcessBm25(
                changes,
                new TextIndexProperties(false, Duration.ofMillis(50), Duration.ofMinutes(30), false, 0.25),
                RecallServiceTests.RECALL_PROPERTIES,
                Clock.systemUTC());
        try {
            off.loadAtStart();
            Thread.sleep(200);
            verifyNoInteractions(changes);
            assertThat(off.ready()).isFalse();
        } finally {
            off.stopBackgroundWork();
        }
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
