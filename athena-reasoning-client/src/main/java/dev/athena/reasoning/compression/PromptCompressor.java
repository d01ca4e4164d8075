package dev.athena.reasoning.compression;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** Shortens a context to a target share of its tokens while keeping what an LLM needs from it. */
public interface PromptCompressor {

    /** The compressor's name as results report it: {@code builtin} or {@code llmlingua-2}. */
    String name();

    Mono<CompressedPrompt> compress(CompressionRequest request);

    /**
     * @param context the text to shorten
     * @param instruction what the compressed text will be used for; its terms are kept preferentially (may be null)
     * @param targetRatio share of the context's tokens to keep, in (0, 1]: 0.5 halves it
     * @param forceTokens words or phrases that must survive
     */
    default Mono<CompressedPrompt> compress(
            String context, @Nullable String instruction, double targetRatio, List<String> forceTokens) {
        return compress(new CompressionRequest(context, instruction, targetRatio, forceTokens));
    }
}
