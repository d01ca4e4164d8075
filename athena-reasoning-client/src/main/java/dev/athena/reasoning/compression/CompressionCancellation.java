package dev.athena.reasoning.compression;

import java.util.concurrent.CancellationException;

/**
 * Where the built-in compressor gives up once its caller has gone: Reactor interrupts the worker thread of a cancelled
 * subscription, and the long loops look at that flag every few thousand steps, so cancelled work stops within
 * milliseconds instead of finishing a compression nobody reads.
 */
final class CompressionCancellation {

    /** Steps between two looks at the flag: cheap enough not to show in a profile, short enough to stop quickly. */
    static final int CHECK_EVERY = 4096;

    private CompressionCancellation() {}

    static void stopIfCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("the compression was cancelled: its caller's deadline passed");
        }
    }

    /** {@link #stopIfCancelled()} on every {@link #CHECK_EVERY}th step of a loop. */
    static void stopIfCancelled(int step) {
        if (step % CHECK_EVERY == 0) {
            stopIfCancelled();
        }
    }
}
