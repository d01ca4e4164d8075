package dev.athena.memory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the embedding backfill on a fixed delay; the work lives in {@link EmbeddingBackfill}. */
@Component
class EmbeddingBackfillTrigger {

    private final EmbeddingBackfill backfill;

    EmbeddingBackfillTrigger(EmbeddingBackfill backfill) {
        this.backfill = backfill;
    }

    @Scheduled(
            initialDelayString = "${athena.memory.backfill-interval:10s}",
            fixedDelayString = "${athena.memory.backfill-interval:10s}")
    void embedPendingMemories() {
        backfill.embedPending();
    }
}
