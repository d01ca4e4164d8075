package dev.athena.gateway.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import dev.athena.reasoning.compression.CompressedPrompt;
import dev.athena.reasoning.compression.CompressionProperties;
import dev.athena.reasoning.compression.PromptCompressor;
import dev.athena.reasoning.compression.TokenCounter;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The compression tool: shortens a context before an agent sends it to a paid or small-context model. It touches no
 * project, so any key may call it; what keeps it from taking the server from everyone else are its limits
 * ({@code athena.compression.*}): bounded input (400 naming the field), a few calls per key at a time (429), the
 * compressor's own bounded threads and queue (503), and a deadline that stops the work when it passes (503).
 */
@Configuration(proxyBeanMethods = false)
class CompressionTools {

    static final double DEFAULT_RATE = 0.5;
    static final int MAX_CONTEXT_CHARS = 400_000;
    /** About the time one compression of the largest accepted context takes: a good moment to try again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    record CompressPromptParameters(
            @NotBlank(message = "is required")
            @Size(max = MAX_CONTEXT_CHARS, message = "must be at most " + MAX_CONTEXT_CHARS + " characters")
            String context,

            String instruction,

            @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0 and at most 1")
            @DecimalMax(value = "1", message = "must be greater than 0 and at most 1")
            @Default("" + DEFAULT_RATE)
            Double rate,

            List<String> forceTokens)
            implements TouchesNoProject {}

    record CompressPromptResponse(
            String compressedPrompt, int originalTokens, int compressedTokens, double ratio, String compressor) {

        static CompressPromptResponse of(CompressedPrompt compressed) {
            return new CompressPromptResponse(
                    compressed.text(),
                    compressed.originalTokens(),
                    compressed.compressedTokens(),
                    compressed.ratio(),
                    compressed.compressor());
        }
    }

    @Bean
    ToolDefinition<CompressPromptParameters> compressPromptTool(
            PromptCompressor compressor, CompressionProperties limits) {
        ConcurrencyPerCaller perKey = new ConcurrencyPerCaller(
                limits.maxConcurrentPerKey(),
                "compress_prompt calls",
                "athena.compression.max-concurrent-per-key",
                RETRY_AFTER);
        return new ToolDefinition<>(
                        "compress_prompt",
                        "Shorten a long context (transcript, review notes, logs) to about `rate` of its tokens, "
                                + "keeping every number,"
                                + " identifier and forced token and the words that matter for the instruction, in "
                                + "their original order."
                                + " At most " + limits.maxContextTokens() + " tokens of context, "
                                + limits.maxForceTokens()
                                + " force tokens and " + limits.maxInstructionLength() + " characters of instruction.",
                        CompressPromptParameters.class,
                        p -> {
                            requireWithinLimits(p, limits);
                            requireContextTokensWithinLimit(p.context(), limits);
                            return CompressPromptResponse.of(compress(compressor, p, limits));
                        })
                .withConcurrencyPerCaller(perKey)
                .withConfiguredBound("instruction", "maxLength", limits.maxInstructionLength())
                .withConfiguredBound("force_tokens", "maxItems", limits.maxForceTokens())
                .withEffect(ToolDefinition.Effect.READ_ONLY)
                .withExample("""
                        {"context": "User: the deploy failed again with exit code 137 on build 4411. Agent: exit code \
                        137 means the container was killed for using too much memory; the JVM heap is set to 2g in \
                        deploy.yml.", "instruction": "Why did the deploy fail?", "rate": 0.5, "force_tokens": \
                        ["137"]}""");
    }

    /** Runs the compression within the deadline; past it the subscription is cancelled, which stops the work itself. */
    private static CompressedPrompt compress(
            PromptCompressor compressor, CompressPromptParameters p, CompressionProperties limits) {
        CompressedPrompt compressed = compressor
                .compress(p.context(), p.instruction(), p.rate() == null ? DEFAULT_RATE : p.rate(), p.forceTokens())
                .timeout(limits.timeout())
                .onErrorMap(
                        TimeoutException.class,
                        e -> new CapacityExceededException(
                                CapacityExceededException.Scope.SERVER,
                                "compress_prompt did not finish within "
                                        + limits.timeout().toSeconds()
                                        + " seconds (athena.compression.timeout) and was stopped; retry later or "
                                        + "send a shorter context",
                                RETRY_AFTER))
                .onErrorMap(RejectedExecutionException.class, e -> busy(limits))
                .block();
        if (compressed == null) {
            throw busy(limits); // cancelled by a shutdown
        }
        return compressed;
    }

    private static CapacityExceededException busy(CompressionProperties limits) {
        return new CapacityExceededException(
                CapacityExceededException.Scope.SERVER,
                "every compression thread is busy and "
                        + "the queue is full (athena.compression.threads, athena.compression.queue-capacity); "
                        + "retry later",
                RETRY_AFTER);
    }

    /** The cheap checks first: the instruction and the force tokens. */
    private static void requireWithinLimits(CompressPromptParameters p, CompressionProperties limits) {
        List<InvalidParametersException.Violation> violations = new ArrayList<>();
        if (p.instruction() != null && p.instruction().length() > limits.maxInstructionLength()) {
            violations.add(new InvalidParametersException.Violation(
                    "instruction",
                    "must be at most " + limits.maxInstructionLength()
                            + " characters (athena.compression.max-instruction-length)"));
        }
        List<String> forceTokens = p.forceTokens() == null ? List.of() : p.forceTokens();
        if (forceTokens.size() > limits.maxForceTokens()) {
            violations.add(new InvalidParametersException.Violation(
                    "force_tokens",
                    "must have at most " + limits.maxForceTokens() + " entries (athena.compression.max-force-tokens)"));
        } else {
            for (int i = 0; i < forceTokens.size(); i++) {
                if (forceTokens.get(i) != null && forceTokens.get(i).length() > limits.maxForceTokenLength()) {
                    violations.add(new InvalidParametersException.Violation(
                            "force_tokens[" + i + "]",
                            "must be at most " + limits.maxForceTokenLength()
                                    + " characters (athena.compression.max-force-token-length)"));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidParametersException(violations);
        }
    }

    /** Counting the tokens of a long context takes a moment of CPU; a call gets here only within its key's share. */
    private static void requireContextTokensWithinLimit(String context, CompressionProperties limits) {
        int tokens = TokenCounter.count(context);
        if (tokens > limits.maxContextTokens()) {
            throw new InvalidParametersException(
                    "context",
                    "has " + tokens + " tokens, more than the " + limits.maxContextTokens()
                            + " accepted (athena.compression.max-context-tokens)");
        }
    }
}
