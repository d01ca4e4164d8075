package dev.athena.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LlamaCppErrorsTests {

    private static final String SERVER = "http://localhost:8002";

    @Test
    void anOlderContextErrorWithoutItsTypeIsStillAContextError() {
        assertThat(LlamaCppErrors.fromResponse(
                        400,
                        "{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context size, "
                                + "try increasing it\",\"type\":\"invalid_request_error\"}}",
                        SERVER))
                .isInstanceOfSatisfying(
                        ContextLengthExceededException.class,
                        e -> assertThat(e.promptTokens()).isEmpty());
    }

    @Test
    void aWrongKeyPointsAtTheSetting() {
        assertThat(LlamaCppErrors.fromResponse(
                        401,
                        "{\"error\":{\"code\":401,\"message\":\"Invalid API Key\",\"type\":\"authentication_error\"}}",
                        SERVER))
                .isInstanceOf(ReasoningRequestException.class)
                .hasMessageContaining("athena.reasoning.llamacpp.api-key");
    }

    @Test
    void aMissingRouteHintsAtTheServerFlags() {
        assertThat(LlamaCppErrors.fromResponse(
                        501,
                        "{\"error\":{\"code\":501,\"message\":\"This server does not support "
                                + "chat\",\"type\":\"not_supported_error\"}}",
                        SERVER))
                .isInstanceOf(ReasoningRequestException.class)
                .hasMessageContaining("--jinja");
    }

    @Test
    void aNonJsonErrorBodyIsQuoted() {
        assertThat(LlamaCppErrors.fromResponse(502, "<html>Bad Gateway</html>", SERVER))
                .isInstanceOfSatisfying(
                        ReasoningUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasoningUnavailableException.Reason.OVERLOADED))
                .hasMessageContaining("Bad Gateway");
    }
}
