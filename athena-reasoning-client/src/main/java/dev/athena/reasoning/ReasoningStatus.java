package dev.athena.reasoning;

/**
 * The health of the reasoning model as seen by the client.
 *
 * @param state UP, LOADING, DOWN, or DISABLED when no reasoning model is configured (Athena then consolidates with
 *     heuristics only, which is a supported mode, not a failure)
 * @param detail a short human-readable reason, empty when there is nothing to add
 */
public record ReasoningStatus(State state, String detail) {

    public enum State {
        UP,
        LOADING,
        DOWN,
        DISABLED
    }

    public static ReasoningStatus up(String detail) {
        return new ReasoningStatus(State.UP, detail);
    }

    public static ReasoningStatus loading(String detail) {
        return new ReasoningStatus(State.LOADING, detail);
    }

    public static ReasoningStatus down(String detail) {
        return new ReasoningStatus(State.DOWN, detail);
    }

    public static ReasoningStatus disabled(String detail) {
        return new ReasoningStatus(State.DISABLED, detail);
    }
}
