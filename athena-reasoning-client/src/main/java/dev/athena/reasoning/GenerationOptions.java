package dev.athena.reasoning;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How to generate; {@code null} leaves a setting to the adapter's configured default (or the server's).
 *
 * @param maxTokens upper bound of generated tokens; the answer is cut there ({@link FinishReason#LENGTH})
 * @param temperature sampling temperature; at most 0.3 suits structured extraction
 * @param topP nucleus sampling
 * @param stop sequences that end the answer (not included in it)
 * @param seed for reproducible sampling where the server supports it (llama.cpp does, Claude ignores it)
 */
public record GenerationOptions(
        @Nullable Integer maxTokens,
        @Nullable Double temperature,
        @Nullable Double topP,
        List<String> stop,
        @Nullable Long seed) {

    private static final GenerationOptions DEFAULTS = new GenerationOptions(null, null, null, List.of(), null);

    public GenerationOptions {
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
        }
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException("temperature must be within 0..2, was " + temperature);
        }
        if (topP != null && (topP <= 0 || topP > 1)) {
            throw new IllegalArgumentException("topP must be within (0, 1], was " + topP);
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** Every setting left to the adapter. */
    public static GenerationOptions defaults() {
        return DEFAULTS;
    }

    public GenerationOptions withMaxTokens(int tokens) {
        return new GenerationOptions(tokens, temperature, topP, stop, seed);
    }

    public GenerationOptions withTemperature(double value) {
        return new GenerationOptions(maxTokens, value, topP, stop, seed);
    }

    public GenerationOptions withStop(List<String> sequences) {
        return new GenerationOptions(maxTokens, temperature, topP, sequences, seed);
    }

    public GenerationOptions withSeed(long value) {
        return new GenerationOptions(maxTokens, temperature, topP, stop, value);
    }
}
