package dev.athena.bench;

import java.util.concurrent.atomic.AtomicLong;

import dev.athena.bench.AthenaClient.Reply;
import dev.athena.bench.Tools.RecallAnswer;
import dev.athena.bench.Tools.RememberAnswer;
import dev.athena.bench.Tools.RememberBatchAnswer;
import dev.athena.bench.Tools.RememberBatchRequest;

/**
 * The calls the phases make, drawn from the corpus: recalls of the next query over the loaded memories, and remembers
 * of new memories that continue the corpus past the loaded ones.
 */
final class Workload {

    /** New memories start this far after the loaded ones, so that they never repeat a loaded memory. */
    private static final long NEW_MEMORIES_OFFSET = 1_000_000L;

    private final AthenaClient athena;
    private final Corpus corpus;
    private final int memories;
    private final AtomicLong nextQuery = new AtomicLong();
    private final AtomicLong nextNew;

    Workload(AthenaClient athena, Corpus corpus, int memories) {
        this(athena, corpus, memories, firstNewMemory(memories));
    }

    /** Remembers start at corpus position {@code firstNew}: past the new memories an earlier run stored. */
    Workload(AthenaClient athena, Corpus corpus, int memories, long firstNew) {
        this.athena = athena;
        this.corpus = corpus;
        this.memories = memories;
        this.nextNew = new AtomicLong(firstNew);
    }

    /** Where the new memories of the first run over a load of {@code memories} start. */
    static long firstNewMemory(int memories) {
        return memories + NEW_MEMORIES_OFFSET;
    }

    /** The corpus position the next new memory would take: where a later run over the same database starts. */
    long nextNewMemory() {
        return nextNew.get();
    }

    Operation recall() {
        return () -> athena.call(
                Tools.RECALL,
                corpus.recallRequest(nextQuery.getAndIncrement(), memories, athena.project()),
                RecallAnswer.class,
                RecallAnswer::wellFormed);
    }

    Operation remember() {
        return () -> athena.call(
                Tools.REMEMBER,
                corpus.rememberRequest(nextNew.getAndIncrement(), athena.project()),
                RememberAnswer.class,
                RememberAnswer::wellFormed);
    }

    Operation rememberBatch(int size) {
        return () -> {
            long from = nextNew.getAndAdd(size);
            return store(from, from + size);
        };
    }

    /** Stores memories {@code from} (inclusive) to {@code to} (exclusive) of the corpus in one remember_batch. */
    Reply<RememberBatchAnswer> store(long from, long to) {
        RememberBatchRequest request = corpus.batchRequest(from, to, athena.project());
        int items = request.items().size();
        return athena.call(
                Tools.REMEMBER_BATCH, request, RememberBatchAnswer.class, answer -> answer.wellFormed(items));
    }
}
