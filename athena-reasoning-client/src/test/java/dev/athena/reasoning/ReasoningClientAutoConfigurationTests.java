package dev.athena.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.athena.reasoning.compression.PromptCompressionAutoConfiguration;
import dev.athena.reasoning.compression.PromptCompressor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ReasoningClientAutoConfigurationTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ReasoningClientAutoConfiguration.class, PromptCompressionAutoConfiguration.class));

    @Test
    void withoutAProviderTheClientIsDisabled() {
        context.run(app -> assertThat(app.getBean(ReasoningClient.class)).isInstanceOf(DisabledReasoningClient.class));
    }

    @Test
    void providerLlamaCppBuildsTheLlamaCppClient() {
        context.withPropertyValues(
                        "athena.reasoning.provider=llamacpp", "athena.reasoning.llamacpp.base-url=http://127.0.0.1:1")
                .run(app -> assertThat(app.getBean(ReasoningClient.class)).isInstanceOf(LlamaCppReasoningClient.class));
    }

    @Test
    void providerAnthropicBuildsTheClaudeClient() {
        context.withPropertyValues("athena.reasoning.provider=anthropic", "athena.reasoning.anthropic.api-key=sk-ant-x")
                .run(app ->
                        assertThat(app.getBean(ReasoningClient.class)).isInstanceOf(AnthropicReasoningClient.class));
    }

    @Test
    void providerAnthropicWithoutAKeyRefusesToStartAndSaysWhichVariableToSet() {
        context.withPropertyValues("athena.reasoning.provider=anthropic")
                .run(app ->
                        assertThat(app).hasFailed().getFailure().rootCause().hasMessageContaining("ANTHROPIC_API_KEY"));
    }

    @Test
    void anUnknownProviderRefusesToStart() {
        context.withPropertyValues("athena.reasoning.provider=openai")
                .run(app ->
                        assertThat(app).hasFailed().getFailure().hasStackTraceContaining("athena.reasoning.provider"));
    }

    @Test
    void theCompressorIsTheBuiltInOneByDefaultAndTheServiceWithFallbackWhenChosen() {
        context.run(
                app -> assertThat(app.getBean(PromptCompressor.class).name()).isEqualTo("builtin"));
        context.withPropertyValues("athena.compression.provider=llmlingua")
                .run(app ->
                        assertThat(app.getBean(PromptCompressor.class).name()).isEqualTo("llmlingua-2"));
    }
}
