package dev.athena.reasoning;

/**
 * The health of the reasoning model as seen by the client.
 *
 * @param state  UP, LOADING, DOWN, or DISABLED when no reasoning model is configured (Athena then consolidates
 *               with heuristics only, which is a supported mode, not a failure)
 * @param detail a short human-readable reason, empty when UP
 */
public record ReasoningStatus(State state, String detail) {

    public enum State { UP, LOADING, DOWN, DISABLED }

    public static ReasoningStatus disabled(String detail) {
        return new ReasoningStatus(State.DISABLED, detail);
    }
}
