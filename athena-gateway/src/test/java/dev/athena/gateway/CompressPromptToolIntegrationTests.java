package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CompressPromptToolIntegrationTests extends DatabaseIntegrationTest {

    private static final String REVIEW = """
            Review of pull request #418: retries for the embedding client. The retry in LlamaCppEmbeddingClient.embed \
            retries every exception, including the 400 invalid_request_error that the server returns for an empty \
            input. Retrying a permanent error just wastes three round trips and delays the failure. Please classify \
            errors once, in one place, and retry only transient ones: connection refused, 503 while the model loads, \
            and 5xx other than the parse error. The backoff is a fixed 2 seconds. With max_attempts = 5 this means a \
            caller can wait 8 seconds before it even sees the failure, which is longer than the embed-timeout of 5 \
            seconds in MemoryProperties. Use an exponential backoff starting at 200 ms with a cap, and make sure the \
            total stays below the caller's timeout. The circuit breaker is created with CircuitBreaker.ofDefaults, so \
            its failure rate threshold is 50 percent over 100 calls, which is far too slow to react for a local \
            server.""";

    @LocalServerPort
    int port;

    GatewayClient client;

    @BeforeEach
    void client() {
        client = new GatewayClient(port);
    }

    private static String body(Object... keysAndValues) {
        var node = JsonMapper.builder().build().createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.putPOJO((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return node.toString();
    }

    @Test
    void compressesToTheRequestedRateKeepingNumbersIdentifiersAndForcedTokens() {
        var response = client.postJson(
                "/tools/compress_prompt/execute",
                body(
                        "context",
                        REVIEW,
                        "instruction",
                        "What must change before merging?",
                        "rate",
                        0.5,
                        "force_tokens",
                        java.util.List.of("circuit breaker")));

        assertThat(response.status()).isEqualTo(200);
        var result = response.body();
        assertThat(result.get("compressor").asString()).isEqualTo("builtin");
        assertThat(result.get("ratio").asDouble()).isBetween(0.45, 0.55);
        assertThat(result.get("compressed_tokens").asInt())
                .isLessThan(result.get("original_tokens").asInt());
        assertThat(result.get("compressed_prompt").asString())
                .contains(
                        "#418:",
                        "LlamaCppEmbeddingClient.embed",
                        "invalid_request_error",
                        "503",
                        "max_attempts",
                        "CircuitBreaker.ofDefaults",
                        "circuit breaker");
        assertThat(result.propertyNames())
                .containsExactlyInAnyOrder(
                        "compressed_prompt", "original_tokens", "compressed_tokens", "ratio", "compressor");
    }

    @Test
    void theRateDefaultsToOneHalf() {
        var response = client.postJson("/tools/compress_prompt/execute", body("context", REVIEW));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("ratio").asDouble()).isBetween(0.45, 0.55);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing context        | {\"rate\":0.5}                                   | context",
                "blank context          | {\"context\":\"   \"}                             | context",
                "rate zero              | {\"context\":\"some text\",\"rate\":0}             | rate",
                "rate above one         | {\"context\":\"some text\",\"rate\":1.5}           | rate",
                "rate as a string       | {\"context\":\"some text\",\"rate\":\"0.5\"}        | rate",
                "force_tokens not array | {\"context\":\"some text\",\"force_tokens\":\"x\"}   | force_tokens",
                "unknown parameter      | {\"context\":\"some text\",\"ratio\":0.5}          | ratio",
            })
    void badInputIsA400ProblemNamingTheField(String name, String body, String field) {
        var response = client.postJson("/tools/compress_prompt/execute", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    static Stream<Arguments> inputOverTheLimits() {
        return Stream.of(
                Arguments.of("instruction", body("context", REVIEW, "instruction", "why ".repeat(501))),
                Arguments.of(
                        "force_tokens",
                        body(
                                "context",
                                REVIEW,
                                "force_tokens",
                                IntStream.range(0, 101).mapToObj(i -> "t" + i).toList())),
                Arguments.of(
                        "force_tokens[1]", body("context", REVIEW, "force_tokens", List.of("ok", "x".repeat(101)))),
                // 150,000 tokens in 300,000 characters: within the character bound, over the token bound.
                Arguments.of("context", body("context", " 7".repeat(150_000))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputOverTheLimits")
    void inputOverTheLimitsIsA400NamingTheFieldOverRestAndMcp(String field, String body) {
        var response = client.postJson("/tools/compress_prompt/execute", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(response.body().get("errors").get(0).get("reason").asString())
                .contains("athena.compression.max-");

        McpSyncClient mcp = McpTestClient.connect(port, Map.of());
        try {
            var result = McpTestClient.call(mcp, "compress_prompt", body);
            assertThat(result.isError()).isTrue();
            assertThat(McpTestClient.text(result)
                            .get("errors")
                            .get(0)
                            .get("field")
                            .asString())
                    .isEqualTo(field);
        } finally {
            mcp.closeGracefully();
        }
    }
}
