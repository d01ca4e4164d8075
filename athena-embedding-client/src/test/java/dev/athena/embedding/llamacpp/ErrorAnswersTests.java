package dev.athena.embedding.llamacpp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class ErrorAnswersTests {

    private final ErrorAnswers errors = new ErrorAnswers(JsonMapper.builder().build());

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "503 | {\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}} | "
                        + "LOADING",
                "503 | {\"error\":{\"code\":503,\"message\":\"Service "
                        + "Unavailable\",\"type\":\"unavailable_error\"}} | SERVER_ERROR",
                "500 | {\"error\":{\"code\":500,\"message\":\"input (8204 tokens) is too large to process. "
                        + "increase the physical batch size (current batch "
                        + "size: 512)\",\"type\":\"server_error\"}} | TOO_LARGE",
                "400 | {\"error\":{\"code\":400,\"message\":\"too "
                        + "long\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":9000,\"n_ctx\":8192}} "
                        + "| TOO_LARGE",
                "500 | {\"error\":{\"code\":500,\"message\":\"[json.exception.parse_error.101] parse "
                        + "error\",\"type\":\"server_error\"}} | BAD_REQUEST",
                "400 | {\"error\":{\"code\":400,\"message\":\"Input content cannot be "
                        + "empty\",\"type\":\"invalid_request_error\"}} | BAD_REQUEST",
                "401 | {\"error\":{\"code\":401,\"message\":\"Invalid API "
                        + "Key\",\"type\":\"authentication_error\"}} | UNAUTHORIZED",
                "403 | {\"error\":{\"code\":403,\"message\":\"Forbidden\",\"type\":\"permission_error\"}} | "
                        + "UNAUTHORIZED",
                "404 | {\"error\":{\"code\":404,\"message\":\"File Not Found\",\"type\":\"not_found_error\"}} | "
                        + "NOT_FOUND",
                "501 | {\"error\":{\"code\":501,\"message\":\"This server does not support "
                        + "embeddings.\",\"type\":\"not_supported_error\"}} | NOT_SUPPORTED",
                "500 | {\"error\":{\"code\":500,\"message\":\"failed to decode the "
                        + "batch\",\"type\":\"server_error\"}} | SERVER_ERROR",
                "502 | <html>Bad Gateway</html> | SERVER_ERROR",
                "422 | unprocessable | BAD_REQUEST"
            })
    void classifiesEachStatusOfTheWireContract(int status, String body, FailureKind kind) {
        LlamaCppEmbeddingException failure = errors.classify(status, body.getBytes(UTF_8), "/v1/embeddings");

        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.isTransient()).isEqualTo(kind.isTransient());
        assertThat(failure.getMessage()).contains(Integer.toString(status));
    }

    @Test
    void takesTheTokenCountsOutOfATooLargeMessage() {
        LlamaCppEmbeddingException failure =
                errors.classify(500, LlamaCppWire.TOO_LARGE_1000_TOKENS.getBytes(UTF_8), "/v1/embeddings");

        assertThat(failure.promptTokens()).isEqualTo(OptionalInt.of(1000));
        assertThat(failure.tokenLimit()).isEqualTo(OptionalInt.of(512));
    }

    @Test
    void takesTheTokenCountsOutOfAContextError() {
        LlamaCppEmbeddingException failure =
                errors.classify(400, LlamaCppWire.EXCEEDS_CONTEXT.getBytes(UTF_8), "/v1/embeddings");

        assertThat(failure.promptTokens()).isEqualTo(OptionalInt.of(9000));
        assertThat(failure.tokenLimit()).isEqualTo(OptionalInt.of(8192));
    }

    @Test
    void quotesAPlainTextBodyShortenedToOneLine() {
        String body = "upstream\nconnect error " + "x".repeat(1000);

        String message =
                errors.classify(502, body.getBytes(UTF_8), "/v1/embeddings").getMessage();

        assertThat(message)
                .contains("\"upstream connect error")
                .doesNotContain("\n")
                .hasSizeLessThan(500);
    }
}
