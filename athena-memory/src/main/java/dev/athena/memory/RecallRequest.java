package dev.athena.memory;

/**
 * A question to Athena's memory.
 *
 * @param query      what to look for; required
 * @param k          how many memories to return, 1..{@value #MAX_K}
 * @param memoryType only memories of this type; {@code null} for all
 * @param project    the project to search; {@code null} means the default project
 */
public record RecallRequest(String query, int k, MemoryType memoryType, String project) {

    public static final int DEFAULT_K = 5;
    public static final int MAX_K = 100;

    public static RecallRequest of(String query, int k) {
        return new RecallRequest(query, k, null, null);
    }
}
