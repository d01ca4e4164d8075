package dev.athena.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class DisabledReasoningClientTests {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final ReasoningClient client = new DisabledReasoningClient();

    private static final Consumer<Throwable> NOT_CONFIGURED = error -> {
        assertThat(error)
                .isInstanceOf(ReasoningUnavailableException.class)
                .hasMessageContaining("LLAMACPP_REASONING_URL")
                .hasMessageContaining("ANTHROPIC_API_KEY");
        assertThat(((ReasoningUnavailableException) error).reason())
                .isEqualTo(ReasoningUnavailableException.Reason.NOT_CONFIGURED);
        assertThat(((ReasoningException) error).isTransient()).isFalse();
    };

    @Test
    void healthSaysDisabledAndWhy() {
        StepVerifier.create(client.status())
                .assertNext(status -> {
                    assertThat(status.state()).isEqualTo(ReasoningStatus.State.DISABLED);
                    assertThat(status.detail()).contains("LLAMACPP_REASONING_URL");
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void everyGenerationCallFailsAsNotConfigured() {
        StepVerifier.create(client.chat("system", "user"))
                .expectErrorSatisfies(NOT_CONFIGURED)
                .verify(WAIT);
        StepVerifier.create(client.generateStructured(
                        "system", "user", ExtractedPattern.class, GenerationOptions.defaults()))
                .expectErrorSatisfies(NOT_CONFIGURED)
                .verify(WAIT);
        StepVerifier.create(client.complete("prompt", GenerationOptions.defaults()))
                .expectErrorSatisfies(NOT_CONFIGURED)
                .verify(WAIT);
        StepVerifier.create(client.streamChat(new ChatRequest("", "user", List.of(), null)))
                .expectErrorSatisfies(NOT_CONFIGURED)
                .verify(WAIT);
        StepVerifier.create(client.streamCompletion("prompt", GenerationOptions.defaults()))
                .expectErrorSatisfies(NOT_CONFIGURED)
                .verify(WAIT);
        StepVerifier.create(client.model()).expectErrorSatisfies(NOT_CONFIGURED).verify(WAIT);
    }
}
