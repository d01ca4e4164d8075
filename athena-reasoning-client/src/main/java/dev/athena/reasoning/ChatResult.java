package dev.athena.reasoning;

/**
 * The model's answer to a chat turn or a raw completion.
 *
 * @param text the generated text
 * @param finishReason whether it finished or was cut at the token limit
 * @param usage tokens read and generated
 * @param timings how long it took, and how fast it generated
 * @param model the model that answered, as the server names it
 */
public record ChatResult(
        String text, FinishReason finishReason, TokenUsage usage, GenerationTimings timings, String model) {

    public boolean truncated() {
        return finishReason == FinishReason.LENGTH;
    }
}
