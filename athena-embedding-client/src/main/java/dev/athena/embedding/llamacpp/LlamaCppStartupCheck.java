package dev.athena.embedding.llamacpp;

import java.time.Duration;

import dev.athena.embedding.llamacpp.LlamaCppEmbeddingProperties.DimensionMismatchPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Asks the server for its model width once the context is up, so that a wrong {@code athena.embedding.dimension} stops
 * Athena at start-up (or is reported, if so configured) instead of failing every write later. A server that is down or
 * loading does not stop start-up: the width is checked when it answers.
 */
final class LlamaCppStartupCheck implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(LlamaCppStartupCheck.class);

    private final ObjectProvider<LlamaCppEmbeddingClient> client;

    /** Takes a provider because an application may replace the client with its own {@code EmbeddingClient}. */
    LlamaCppStartupCheck(ObjectProvider<LlamaCppEmbeddingClient> client) {
        this.client = client;
    }

    @Override
    public void afterSingletonsInstantiated() {
        client.ifAvailable(this::check);
    }

    void check(LlamaCppEmbeddingClient client) {
        LlamaCppEmbeddingProperties properties = client.properties();
        Duration timeout = properties.startupCheckTimeout();
        try {
            ServerModel served = client.checkServerModel().block(timeout);
            log.info(
                    "llama.cpp at {} serves {} ({})",
                    properties.baseUrl(),
                    served.id(),
                    served.width().isPresent() ? served.width().getAsInt() + "-d" : "width not reported");
        } catch (LlamaCppEmbeddingException e) {
            if (e.kind() == FailureKind.DIMENSION_MISMATCH
                    && properties.dimensionMismatch() == DimensionMismatchPolicy.FAIL) {
                throw new IllegalStateException(
                        e.getMessage() + " (athena.embedding.llamacpp.dimension-mismatch=report starts anyway and "
                                + "reports DOWN)",
                        e);
            }
            log.error("llama.cpp embedding server not usable at start-up: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn(
                    "could not read the llama.cpp model width at start-up within {} ms ({}); it is checked when the "
                            + "server answers",
                    timeout.toMillis(),
                    e.getMessage());
        }
    }
}
