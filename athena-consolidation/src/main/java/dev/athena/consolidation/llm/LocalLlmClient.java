package dev.athena.consolidation.llm;

import java.util.List;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.reasoning.ChatRequest;
import dev.athena.reasoning.ChatResult;
import dev.athena.reasoning.GenerationOptions;
import dev.athena.reasoning.ReasoningClient;
import dev.athena.reasoning.compression.CompressedPrompt;
import dev.athena.reasoning.compression.PromptCompressor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The seed's {@code LocalLLMClient} for Java: {@link #embed}, {@link #reason} and {@link #compressPrompt} over the
 * configured embedding model, reasoning model and prompt compressor. Every call is reactive and cold; block on it
 * with a timeout of your own where you need the value now. Failures are those of the ports underneath:
 * {@code EmbeddingException}, {@code ReasoningException} (a {@code ReasoningUnavailableException} when no reasoning
 * model is configured) and {@code CompressionException}.
 */
public final class LocalLlmClient {

    private final EmbeddingClient embeddings;
    private final ReasoningClient reasoning;
    private final PromptCompressor compressor;

    public LocalLlmClient(EmbeddingClient embeddings, ReasoningClient reasoning, PromptCompressor compressor) {
        this.embeddings = embeddings;
        this.reasoning = reasoning;
        this.compressor = compressor;
    }

    /** Embeds a search query (the purpose nomic-embed needs for queries). */
    public Mono<float[]> embed(String text) {
        return embed(text, EmbeddingPurpose.QUERY);
    }

    public Mono<float[]> embed(String text, EmbeddingPurpose purpose) {
        return embeddings.embed(text, purpose);
    }

    /**
     * Asks the reasoning model.
     *
     * @param prompt    the request
     * @param system    how the model should behave; may be null
     * @param maxTokens upper bound of the answer's length
     */
    public Mono<ChatResult> reason(String prompt, @Nullable String system, int maxTokens) {
        return reasoning.chat(new ChatRequest(system == null ? "" : system, prompt, List.of(),
                GenerationOptions.defaults().withMaxTokens(maxTokens)));
    }

    /** Asks the reasoning model with no system prompt and its default token budget. */
    public Mono<ChatResult> reason(String prompt) {
        return reasoning.chat(ChatRequest.of("", prompt));
    }

    /**
     * Shortens a context before it goes to Claude.
     *
     * @param compressionRatio share of the context's tokens to keep, in (0, 1]
     */
    public Mono<CompressedPrompt> compressPrompt(String context, @Nullable String instruction, double compressionRatio) {
        return compressor.compress(context, instruction, compressionRatio, List.of());
    }

    public Mono<CompressedPrompt> compressPrompt(String context, @Nullable String instruction, double compressionRatio,
                                                 List<String> forceTokens) {
        return compressor.compress(context, instruction, compressionRatio, forceTokens);
    }
}
