package dev.athena.reasoning.compression;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Compresses with a remote service and, when it fails, with the built-in compressor, so compression keeps working while
 * the service is down; the result names the compressor that actually ran.
 */
final class FallbackPromptCompressor implements PromptCompressor {

    private static final Logger log = LoggerFactory.getLogger(FallbackPromptCompressor.class);

    private final PromptCompressor primary;
    private final PromptCompressor fallback;

    FallbackPromptCompressor(PromptCompressor primary, PromptCompressor fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    @Override
    public String name() {
        return primary.name();
    }

    @Override
    public Mono<CompressedPrompt> compress(CompressionRequest request) {
        return primary.compress(request).onErrorResume(CompressionException.class, failure -> {
            log.warn(
                    "compression by {} failed, using {} instead: {}",
                    primary.name(),
                    fallback.name(),
                    failure.getMessage());
            return fallback.compress(request);
        });
    }
}
