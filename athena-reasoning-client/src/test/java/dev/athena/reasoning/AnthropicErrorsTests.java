package dev.athena.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class AnthropicErrorsTests {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(AnthropicErrors.retryAfter("12", NOW)).isEqualTo(Duration.ofSeconds(12));
        assertThat(AnthropicErrors.retryAfter("0.5", NOW)).isEqualTo(Duration.ofMillis(500));
        assertThat(AnthropicErrors.retryAfter("Wed, 25 Nov 2026 12:00:20 GMT", NOW))
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(AnthropicErrors.retryAfter("soon", NOW)).isNull();
        assertThat(AnthropicErrors.retryAfter(null, NOW)).isNull();
    }

    @Test
    void classifiesByStatusAndEnvelope() {
        assertThat(AnthropicErrors.fromResponse(
                        529,
                        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                        "3",
                        NOW))
                .isInstanceOfSatisfying(ReasoningUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ReasoningUnavailableException.Reason.OVERLOADED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
                });
        assertThat(AnthropicErrors.fromResponse(500, "upstream exploded", null, NOW))
                .isInstanceOf(ReasoningUnavailableException.class)
                .hasMessageContaining("upstream exploded");
        assertThat(AnthropicErrors.fromResponse(
                        400,
                        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: "
                                + "Field required\"}}",
                        null,
                        NOW))
                .isInstanceOf(ReasoningRequestException.class)
                .hasMessageContaining("max_tokens");
        assertThat(AnthropicErrors.fromResponse(
                        404,
                        "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-x\"}}",
                        null,
                        NOW))
                .isInstanceOfSatisfying(
                        ReasoningRequestException.class,
                        e -> assertThat(e.status()).isEqualTo(404));
    }
}
