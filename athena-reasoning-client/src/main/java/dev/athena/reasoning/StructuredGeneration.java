package dev.athena.reasoning;

import java.util.function.Function;

import reactor.core.publisher.Mono;

/**
 * The structured-output protocol shared by the adapters: ask once; if the answer is cut or invalid, ask once more with
 * twice the token budget and the problem spelled out; then give up with {@link InvalidStructuredOutputException}.
 */
final class StructuredGeneration {

    /** One raw structured answer as an adapter received it. */
    record Answer(String json, FinishReason finishReason, TokenUsage usage, GenerationTimings timings, String model) {}

    private StructuredGeneration() {}

    static <T extends Record> Mono<StructuredResult<T>> generate(
            ChatRequest request,
            Class<T> type,
            int defaultMaxTokens,
            double defaultTemperature,
            ReasoningMetrics metrics,
            Function<ChatRequest, Mono<Answer>> attempt) {
        GenerationOptions options = request.options();
        int budget = options.maxTokens() != null ? options.maxTokens() : defaultMaxTokens;
        double temperature = options.temperature() != null ? options.temperature() : defaultTemperature;
        ChatRequest first = request.withOptions(options.withMaxTokens(budget).withTemperature(temperature));
        return attempt.apply(first).flatMap(answer -> {
            String problem = problemWith(answer, type, budget);
            if (problem.isEmpty()) {
                return Mono.just(result(answer, type, answer.usage(), answer.timings(), 1));
            }
            ChatRequest repair = new ChatRequest(
                    first.systemPrompt(),
                    first.userPrompt() + repairNote(problem),
                    first.images(),
                    first.options().withMaxTokens(budget * 2));
            return attempt.apply(repair).flatMap(second -> {
                String secondProblem = problemWith(second, type, budget * 2);
                metrics.recordRepair(secondProblem.isEmpty());
                if (!secondProblem.isEmpty()) {
                    return Mono.error(new InvalidStructuredOutputException(
                            "the model did not produce a valid " + type.getSimpleName() + " in two attempts: first "
                                    + problem + "; then " + secondProblem,
                            second.json()));
                }
                return Mono.just(result(
                        second,
                        type,
                        answer.usage().plus(second.usage()),
                        answer.timings().plus(second.timings()),
                        2));
            });
        });
    }

    private static String problemWith(Answer answer, Class<? extends Record> type, int budget) {
        if (answer.finishReason() == FinishReason.LENGTH) {
            return "the answer was cut off at the " + budget + "-token limit";
        }
        StructuredOutputReader.Outcome<? extends Record> outcome = StructuredOutputReader.read(answer.json(), type);
        return outcome.value().isPresent() ? "" : outcome.problem();
    }

    private static <T extends Record> StructuredResult<T> result(
            Answer answer, Class<T> type, TokenUsage usage, GenerationTimings timings, int attempts) {
        T value = StructuredOutputReader.read(answer.json(), type).value().orElseThrow();
        return new StructuredResult<>(value, usage, timings, attempts, answer.model());
    }

    private static String repairNote(String problem) {
        return "\n\nYour previous answer could not be used: " + problem
                + ". Reply with one complete JSON object that follows the schema, and nothing else.";
    }
}
