package dev.athena.reasoning;

import java.util.OptionalInt;

/**
 * The prompt does not fit the model's context. Permanent for this prompt: shorten, split or compress it. The token
 * counts are there when the server reported them.
 */
public class ContextLengthExceededException extends ReasoningException {

    private final int promptTokens;
    private final int contextTokens;

    public ContextLengthExceededException(String message, int promptTokens, int contextTokens) {
        super(message, false);
        this.promptTokens = promptTokens;
        this.contextTokens = contextTokens;
    }

    public OptionalInt promptTokens() {
        return promptTokens > 0 ? OptionalInt.of(promptTokens) : OptionalInt.empty();
    }

    public OptionalInt contextTokens() {
        return contextTokens > 0 ? OptionalInt.of(contextTokens) : OptionalInt.empty();
    }
}
