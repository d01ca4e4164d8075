package dev.athena.reasoning;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How long a call took.
 *
 * @param total wall time seen by Athena, from request to last byte
 * @param promptTime time the server spent reading the prompt, when it reports it (llama.cpp {@code timings})
 * @param generationTime time the server spent generating, when it reports it
 * @param tokensPerSecond generation speed: the server's {@code predicted_per_second} when reported, otherwise
 *     completion tokens over the wall time
 */
public record GenerationTimings(
        Duration total,
        @Nullable Duration promptTime,
        @Nullable Duration generationTime,
        double tokensPerSecond) {

    /** Timings for a server that reports none: speed from the usage and the wall time. */
    static GenerationTimings measured(Duration total, TokenUsage usage) {
        double seconds = total.toNanos() / 1e9;
        return new GenerationTimings(total, null, null, seconds > 0 ? usage.completionTokens() / seconds : 0);
    }

    GenerationTimings plus(GenerationTimings other) {
        Duration sum = total.plus(other.total);
        return new GenerationTimings(
                sum,
                add(promptTime, other.promptTime),
                add(generationTime, other.generationTime),
                other.tokensPerSecond);
    }

    private static @Nullable Duration add(@Nullable Duration a, @Nullable Duration b) {
        return a == null ? b : b == null ? a : a.plus(b);
    }
}
