package dev.athena.gateway.replicas;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The primary's WAL position after the last write through this gateway, per project and per API key: a read must not
 * run on a replica that has not replayed it. A write whose position could not be read (the tool failed, or the primary
 * stopped answering) leaves an unknown position, resolved by the next read that needs it: the primary's position then
 * is at least as far as anything that write committed.
 */
final class WritePositions {

    /** The project of tools that act on every project: their writes count for all. */
    static final String ALL_PROJECTS = "*";
    /** The key fingerprint of callers when API keys are off: one caller, so nothing to track beyond the project. */
    static final String NO_KEY = "none";

    /** A position, or an unknown one; compared by identity, so that resolving one never overwrites a newer mark. */
    private static final class Mark {
        private static final long UNKNOWN = -1;
        private final long lsn;

        private Mark(long lsn) {
            this.lsn = lsn;
        }

        boolean unknown() {
            return lsn == UNKNOWN;
        }
    }

    private final ConcurrentHashMap<String, Mark> marks = new ConcurrentHashMap<>();
    private final LongSupplier primaryPosition;

    /** @param primaryPosition asks the primary for its current WAL insert position */
    WritePositions(LongSupplier primaryPosition) {
        this.primaryPosition = primaryPosition;
    }

    /** After a write tool returned: its commit is behind the primary's position now. */
    void written(String project, String keyFingerprint) {
        long lsn;
        try {
            lsn = primaryPosition.getAsLong();
        } catch (RuntimeException e) {
            writtenAtUnknownPosition(project, keyFingerprint);
            return;
        }
        Mark mark = new Mark(lsn);
        for (String key : keys(project, keyFingerprint)) {
            marks.merge(key, mark, (old, fresh) -> old.unknown() || old.lsn >= fresh.lsn ? old : fresh);
        }
    }

    /** After a write tool failed: it may have committed something all the same. */
    void writtenAtUnknownPosition(String project, String keyFingerprint) {
        for (String key : keys(project, keyFingerprint)) {
            marks.put(key, new Mark(Mark.UNKNOWN));
        }
    }

    /** The position a replica must have replayed before it may answer a read of this project by this caller; 0: any. */
    long requiredFor(String project, String keyFingerprint) {
        long required = 0;
        for (String key : new String[] {projectKey(project), projectKey(ALL_PROJECTS), callerKey(keyFingerprint)}) {
            Mark mark = marks.get(key);
            if (mark == null) {
                continue;
            }
            if (mark.unknown()) {
                Mark resolved = new Mark(primaryPosition.getAsLong());
                marks.replace(key, mark, resolved);
                mark = resolved;
            }
            required = Math.max(required, mark.lsn);
        }
        return required;
    }

    /** Forgets the positions every replica has replayed: they no longer hold any read back. */
    void forgetReachedBy(long replayedEverywhere) {
        marks.values().removeIf(mark -> !mark.unknown() && mark.lsn <= replayedEverywhere);
    }

    int size() {
        return marks.size();
    }

    private static String[] keys(String project, String keyFingerprint) {
        return keyFingerprint.equals(NO_KEY)
                ? new String[] {projectKey(project)}
                : new String[] {projectKey(project), callerKey(keyFingerprint)};
    }

    private static String projectKey(String project) {
        return "project:" + project;
    }

    private static String callerKey(String keyFingerprint) {
        return keyFingerprint.equals(NO_KEY) ? "key:" : "key:" + keyFingerprint;
    }
}
