package dev.athena.reasoning;

/**
 * A validated structured answer.
 *
 * @param value the answer, parsed into the requested record
 * @param usage tokens of every attempt together
 * @param timings time of every attempt together; speed of the last
 * @param attempts 1, or 2 when the first answer was invalid or cut and had to be repaired
 * @param model the model that answered
 * @param <T> the record type
 */
public record StructuredResult<T>(T value, TokenUsage usage, GenerationTimings timings, int attempts, String model) {}
