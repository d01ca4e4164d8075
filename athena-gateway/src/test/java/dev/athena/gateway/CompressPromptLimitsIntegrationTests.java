package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import dev.athena.reasoning.compression.CompressedPrompt;
import dev.athena.reasoning.compression.CompressionRequest;
import dev.athena.reasoning.compression.PromptCompressor;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;

/**
 * compress_prompt cannot take the server from other keys: one key's calls beyond its share are 429 at once, while
 * another key's go through, and a call past its deadline is a 503 whose compression is cancelled. A compressor that
 * never finishes a context starting with "hold" stands in for a slow one.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "ATHENA_API_KEYS=" + CompressPromptLimitsIntegrationTests.ALPHA_KEY + ":alpha,"
                    + CompressPromptLimitsIntegrationTests.BETA_KEY + ":beta",
            "athena.compression.max-concurrent-per-key=1",
            "athena.compression.timeout=3s"
        })
@Import(CompressPromptLimitsIntegrationTests.HeldCompressor.class)
class CompressPromptLimitsIntegrationTests extends DatabaseIntegrationTest {

    static final String ALPHA_KEY = "alpha-key-3e4f5a6b7c";
    static final String BETA_KEY = "beta-key-8d9e0f1a2b";

    @LocalServerPort
    int port;

    @Autowired
    HeldCompressor compressor;

    @Test
    void aKeyOverItsShareIs429AtOnceOtherKeysGoOnAndAnOverdueCallIsCancelled() throws Exception {
        CompletableFuture<GatewayClient.Response> held =
                CompletableFuture.supplyAsync(() -> compress(ALPHA_KEY, "hold this"));
        await(() -> compressor.started.get() == 1);

        long start = System.nanoTime();
        var refused = compress(ALPHA_KEY, "a second call of the same key");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).isEqualTo("5");
        assertThat(refused.body().get("detail").asString()).contains("athena.compression.max-concurrent-per-key");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

        McpSyncClient alphaMcp = McpTestClient.connect(port, Map.of("Authorization", "Bearer " + ALPHA_KEY));
        var refusedOverMcp = McpTestClient.call(alphaMcp, "compress_prompt", "{\"context\":\"a call over MCP\"}");
        assertThat(refusedOverMcp.isError()).isTrue();
        assertThat(McpTestClient.text(refusedOverMcp).get("status").asInt()).isEqualTo(429);
        alphaMcp.closeGracefully();

        assertThat(compress(BETA_KEY, "another key's call").status()).isEqualTo(200);

        var overdue = held.get();
        assertThat(overdue.status()).isEqualTo(503);
        assertThat(overdue.body().get("detail").asString()).contains("athena.compression.timeout");
        assertThat(overdue.header("Retry-After")).isEqualTo("5");
        await(() -> compressor.cancelled.get() == 1);
        assertThat(compress(ALPHA_KEY, "the share is free again").status()).isEqualTo(200);
    }

    private GatewayClient.Response compress(String key, String context) {
        return new GatewayClient(port)
                .withBearer(key)
                .postJson("/tools/compress_prompt/execute", "{\"context\":\"" + context + "\"}");
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Imported as a bean itself, so it replaces the built-in compressor. */
    @TestConfiguration(proxyBeanMethods = false)
    static class HeldCompressor implements PromptCompressor {

        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger cancelled = new AtomicInteger();

        @Override
        public String name() {
            return "held";
        }

        @Override
        public Mono<CompressedPrompt> compress(CompressionRequest request) {
            if (request.context().startsWith("hold")) {
                return Mono.<CompressedPrompt>never()
                        .doOnSubscribe(s -> started.incrementAndGet())
                        .doOnCancel(cancelled::incrementAndGet);
            }
            return Mono.just(new CompressedPrompt(request.context(), 5, 5, 1.0, name()));
        }
    }
}
