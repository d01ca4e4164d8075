package dev.athena.gateway.tools;

import java.time.Duration;
import java.util.List;

import dev.athena.reasoning.compression.CompressedPrompt;
import dev.athena.reasoning.compression.PromptCompressor;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The compression tool: shortens a context before an agent sends it to a paid or small-context model. */
@Configuration(proxyBeanMethods = false)
class CompressionTools {

    static final double DEFAULT_RATE = 0.5;
    static final int MAX_CONTEXT_CHARS = 400_000;
    /** Covers the LLMLingua-2 service's own timeout plus the built-in fallback. */
    private static final Duration COMPRESSION_WAIT = Duration.ofSeconds(90);

    record CompressPromptParameters(
            @NotBlank(message = "is required") @Size(max = MAX_CONTEXT_CHARS, message = "must be at most " + MAX_CONTEXT_CHARS + " characters")
            String context,
            String instruction,
            @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0 and at most 1")
            @DecimalMax(value = "1", message = "must be greater than 0 and at most 1")
            Double rate,
            List<String> forceTokens) implements TouchesNoProject {
    }

    record CompressPromptResponse(String compressedPrompt, int originalTokens, int compressedTokens, double ratio,
                                  String compressor) {

        static CompressPromptResponse of(CompressedPrompt compressed) {
            return new CompressPromptResponse(compressed.text(), compressed.originalTokens(), compressed.compressedTokens(),
                    compressed.ratio(), compressed.compressor());
        }
    }

    @Bean
    ToolDefinition<CompressPromptParameters> compressPromptTool(PromptCompressor compressor) {
        return new ToolDefinition<>("compress_prompt",
                "Shorten a long context (transcript, review notes, logs) to about `rate` of its tokens, keeping every number,"
                        + " identifier and forced token and the words that matter for the instruction, in their original order.",
                CompressPromptParameters.class,
                p -> CompressPromptResponse.of(compressor.compress(p.context(), p.instruction(),
                        p.rate() == null ? DEFAULT_RATE : p.rate(), p.forceTokens()).block(COMPRESSION_WAIT)))
                .withExample("""
                        {"context": "User: the deploy failed again with exit code 137 on build 4411. Agent: exit code 137 means the container was killed for using too much memory; the JVM heap is set to 2g in deploy.yml.", "instruction": "Why did the deploy fail?", "rate": 0.5, "force_tokens": ["137"]}""");
    }
}
