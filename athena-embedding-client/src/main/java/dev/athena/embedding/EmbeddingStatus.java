package dev.athena.embedding;

/**
 * The health of the embedding model as seen by the client.
 *
 * @param state UP, LOADING (a server that is still loading its model) or DOWN
 * @param detail a short human-readable reason, empty when UP
 */
public record EmbeddingStatus(State state, String detail) {

    public enum State {
        UP,
        LOADING,
        DOWN
    }

    public static EmbeddingStatus up() {
        return new EmbeddingStatus(State.UP, "");
    }

    public static EmbeddingStatus down(String detail) {
        return new EmbeddingStatus(State.DOWN, detail);
    }

    public static EmbeddingStatus loading(String detail) {
        return new EmbeddingStatus(State.LOADING, detail);
    }
}
