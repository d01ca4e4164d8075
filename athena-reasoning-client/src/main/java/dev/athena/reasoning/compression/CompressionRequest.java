package dev.athena.reasoning.compression;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What to compress, and how far.
 *
 * @param context the text to shorten
 * @param instruction what the compressed text is for; empty when none
 * @param targetRatio share of the context's tokens to keep, in (0, 1]
 * @param forceTokens words or phrases that must survive compression
 */
public record CompressionRequest(String context, String instruction, double targetRatio, List<String> forceTokens) {

    public CompressionRequest(
            String context, @Nullable String instruction, double targetRatio, @Nullable List<String> forceTokens) {
        Objects.requireNonNull(context, "context");
        if (!(targetRatio > 0 && targetRatio <= 1)) {
            throw new IllegalArgumentException("target ratio must be greater than 0 and at most 1, was " + targetRatio);
        }
        this.context = context;
        this.instruction = instruction == null ? "" : instruction;
        this.targetRatio = targetRatio;
        this.forceTokens = forceTokens == null
                ? List.of()
                : forceTokens.stream()
                        .filter(Objects::nonNull)
                        .filter(token -> !token.isBlank())
                        .toList();
    }
}
