package dev.athena.reasoning.compression;

/**
 * A compressed context.
 *
 * @param text the compressed text
 * @param originalTokens tokens of the original context (cl100k)
 * @param compressedTokens tokens of the compressed text (cl100k)
 * @param ratio compressed over original tokens: the share actually kept
 * @param compressor which compressor produced it ({@code builtin} or {@code llmlingua-2})
 */
public record CompressedPrompt(String text, int originalTokens, int compressedTokens, double ratio, String compressor) {

    static CompressedPrompt of(String text, int originalTokens, int compressedTokens, String compressor) {
        double ratio = originalTokens == 0 ? 1.0 : (double) compressedTokens / originalTokens;
        return new CompressedPrompt(text, originalTokens, compressedTokens, ratio, compressor);
    }
}
