package dev.athena.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ReasoningEnvironmentPostProcessorTests {

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("test-env", variables));
        new ReasoningEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void theLlamaCppUrlChoosesLlamaCppEvenWhenAClaudeKeyIsSet() {
        var environment = environment(
                Map.of("LLAMACPP_REASONING_URL", "http://llamacpp-reasoning:8002", "ANTHROPIC_API_KEY", "sk-ant-x"));

        assertThat(environment.getProperty("athena.reasoning.provider")).isEqualTo("llamacpp");
        assertThat(environment.getProperty("athena.reasoning.llamacpp.base-url"))
                .isEqualTo("http://llamacpp-reasoning:8002");
        assertThat(environment.getProperty("athena.reasoning.anthropic.api-key"))
                .isEqualTo("sk-ant-x");
    }

    @Test
    void aClaudeKeyAloneChoosesClaude() {
        assertThat(environment(Map.of("ANTHROPIC_API_KEY", "sk-ant-x")).getProperty("athena.reasoning.provider"))
                .isEqualTo("anthropic");
    }

    @Test
    void anExplicitProviderWinsOverTheSeedVariables() {
        var environment = environment(
                Map.of("LLAMACPP_REASONING_URL", "http://localhost:8002", "athena.reasoning.provider", "none"));

        assertThat(environment.getProperty("athena.reasoning.provider")).isEqualTo("none");
    }

    @Test
    void anLlmLinguaUrlChoosesTheService() {
        var environment = environment(Map.of("LLMLINGUA_URL", "http://llmlingua:8003"));

        assertThat(environment.getProperty("athena.compression.provider")).isEqualTo("llmlingua");
        assertThat(environment.getProperty("athena.compression.llmlingua.base-url"))
                .isEqualTo("http://llmlingua:8003");
    }

    @Test
    void withoutSeedVariablesNothingIsAdded() {
        var environment = environment(Map.of());

        assertThat(environment.getPropertySources().contains(ReasoningEnvironmentPostProcessor.SOURCE_NAME))
                .isFalse();
    }
}
