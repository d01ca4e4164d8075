package dev.athena.memory;

import java.util.Arrays;

/**
 * A PostgreSQL transaction snapshot ({@code pg_snapshot}, written {@code xmin:xmax:xip,...}): which transactions it
 * sees as committed. Every transaction below {@code xmin} had ended; {@code xmax} and above had not started; those
 * listed in {@code inProgress} were running.
 *
 * <p>A transaction a snapshot could not see is one it lists as in progress or one at or above its {@code xmax}: those
 * are the transactions whose writes a later read must look for ({@link TextIndexChanges}).
 */
record PgSnapshot(long xmin, long xmax, long[] inProgress) {

    PgSnapshot {
        inProgress = inProgress.clone();
        Arrays.sort(inProgress);
    }

    /** Parses PostgreSQL's text form of a snapshot, {@code 100:104:100,102}. */
    static PgSnapshot parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a pg_snapshot: " + text);
        }
        long[] inProgress = parts[2].isEmpty()
                ? new long[0]
                : Arrays.stream(parts[2].split(",")).mapToLong(Long::parseLong).toArray();
        return new PgSnapshot(Long.parseLong(parts[0]), Long.parseLong(parts[1]), inProgress);
    }

    /**
     * Whether this snapshot was taken no earlier than {@code other}: it sees at least what {@code other} saw. A
     * snapshot's {@code xmax} never goes down with time, and at equal {@code xmax} a later snapshot lists a subset of
     * the earlier one's running transactions (no transaction below {@code xmax} can start).
     */
    boolean seesAtLeast(PgSnapshot other) {
        if (xmax != other.xmax) {
            return xmax > other.xmax;
        }
        for (long running : inProgress) {
            if (Arrays.binarySearch(other.inProgress, running) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The running transactions as a PostgreSQL array literal of {@code xid8}. */
    String inProgressArray() {
        StringBuilder array = new StringBuilder("{");
        for (int i = 0; i < inProgress.length; i++) {
            array.append(i == 0 ? "" : ",").append(inProgress[i]);
        }
        return array.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PgSnapshot s && s.xmin == xmin && s.xmax == xmax && Arrays.equals(s.inProgress, inProgress);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(xmax) * 31 + Arrays.hashCode(inProgress);
    }

    @Override
    public String toString() {
        return xmin + ":" + xmax + ":" + inProgressArray().replace("{", "").replace("}", "");
    }
}
