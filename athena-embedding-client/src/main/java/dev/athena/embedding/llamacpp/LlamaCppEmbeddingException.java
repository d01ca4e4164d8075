package dev.athena.embedding.llamacpp;

import java.util.OptionalInt;

import dev.athena.embedding.EmbeddingException;

/** An {@link EmbeddingException} that knows its {@link FailureKind}, and for oversized texts the sizes involved. */
final class LlamaCppEmbeddingException extends EmbeddingException {

    private final FailureKind kind;
    private final OptionalInt promptTokens;
    private final OptionalInt tokenLimit;

    LlamaCppEmbeddingException(FailureKind kind, String message, Throwable cause) {
        this(kind, message, OptionalInt.empty(), OptionalInt.empty(), cause);
    }

    LlamaCppEmbeddingException(FailureKind kind, String message) {
        this(kind, message, null);
    }

    LlamaCppEmbeddingException(
            FailureKind kind, String message, OptionalInt promptTokens, OptionalInt tokenLimit, Throwable cause) {
        super(message, kind.isTransient(), cause);
        this.kind = kind;
        this.promptTokens = promptTokens;
        this.tokenLimit = tokenLimit;
    }

    FailureKind kind() {
        return kind;
    }

    /** Tokens in the rejected input, when the server said. */
    OptionalInt promptTokens() {
        return promptTokens;
    }

    /** The per-input token limit (physical batch or context), when the server said. */
    OptionalInt tokenLimit() {
        return tokenLimit;
    }

    static boolean is(Throwable error, FailureKind kind) {
        return error instanceof LlamaCppEmbeddingException e && e.kind == kind;
    }
}
