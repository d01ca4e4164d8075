package dev.athena.reasoning;

/**
 * Tokens a call consumed, as the server counted them.
 *
 * @param promptTokens tokens read (system, user, images, schema)
 * @param completionTokens tokens generated
 */
public record TokenUsage(int promptTokens, int completionTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
