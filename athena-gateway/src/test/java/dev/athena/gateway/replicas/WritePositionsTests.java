package dev.athena.gateway.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class WritePositionsTests {

    private final AtomicLong primary = new AtomicLong(100);
    private final AtomicInteger asked = new AtomicInteger();
    private boolean primaryAnswers = true;
    private final WritePositions positions = new WritePositions(() -> {
        asked.incrementAndGet();
        if (!primaryAnswers) {
            throw new IllegalStateException("primary down");
        }
        return primary.get();
    });

    @Test
    void nothingWrittenHoldsNoReadBack() {
        assertThat(positions.requiredFor("alpha", "k1")).isZero();
    }

    @Test
    void aWriteHoldsBackReadsOfItsProjectByAnyoneAndReadsByItsKeyOfAnyProject() {
        positions.written("alpha", "k1");

        assertThat(positions.requiredFor("alpha", "k2")).isEqualTo(100);
        assertThat(positions.requiredFor("beta", "k1")).isEqualTo(100);
        assertThat(positions.requiredFor("beta", "k2")).isZero();
    }

    @Test
    void withoutApiKeysOnlyTheProjectCounts() {
        positions.written("alpha", WritePositions.NO_KEY);

        assertThat(positions.requiredFor("alpha", WritePositions.NO_KEY)).isEqualTo(100);
        assertThat(positions.requiredFor("beta", WritePositions.NO_KEY)).isZero();
    }

    @Test
    void aWriteToEveryProjectHoldsBackReadsOfEveryProject() {
        positions.written(WritePositions.ALL_PROJECTS, "admin");

        assertThat(positions.requiredFor("alpha", "k1")).isEqualTo(100);
    }

    @Test
    void positionsOnlyMoveForward() {
        primary.set(300);
        positions.written("alpha", "k1");
        primary.set(200);
        positions.written("alpha", "k1");

        assertThat(positions.requiredFor("alpha", "k1")).isEqualTo(300);
    }

    @Test
    void aWriteAtAnUnknownPositionIsResolvedOnceByTheNextReadThatNeedsIt() {
        primaryAnswers = false;
        positions.written("alpha", WritePositions.NO_KEY);
        primaryAnswers = true;
        primary.set(500);

        assertThat(positions.requiredFor("alpha", WritePositions.NO_KEY)).isEqualTo(500);
        int askedSoFar = asked.get();
        primary.set(900);
        assertThat(positions.requiredFor("alpha", WritePositions.NO_KEY)).isEqualTo(500);
        assertThat(asked.get()).isEqualTo(askedSoFar);
    }

    @Test
    void aFailedWriteMakesEvenAKnownPositionUnknownAgain() {
        positions.written("alpha", WritePositions.NO_KEY);
        positions.writtenAtUnknownPosition("alpha", WritePositions.NO_KEY);
        primary.set(700);

        assertThat(positions.requiredFor("alpha", WritePositions.NO_KEY)).isEqualTo(700);
    }

    @Test
    void forgetsOnlyPositionsEveryReplicaHasReplayed() {
        positions.written("alpha", WritePositions.NO_KEY);
        primary.set(300);
        positions.written("beta", WritePositions.NO_KEY);
        positions.writtenAtUnknownPosition("gamma", WritePositions.NO_KEY);

        positions.forgetReachedBy(200);

        assertThat(positions.size()).isEqualTo(2);
        assertThat(positions.requiredFor("alpha", WritePositions.NO_KEY)).isZero();
        assertThat(positions.requiredFor("beta", WritePositions.NO_KEY)).isEqualTo(300);
    }
}
