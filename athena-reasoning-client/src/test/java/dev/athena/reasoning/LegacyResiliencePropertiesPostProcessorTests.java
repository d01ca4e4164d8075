package dev.athena.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

@ExtendWith(OutputCaptureExtension.class)
class LegacyResiliencePropertiesPostProcessorTests {

    private static StandardEnvironment environment(Map<String, Object> properties, Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
        ConfigurationPropertySources.attach(environment);
        // Logs straight to the real logger, as Boot does once logging is up.
        new LegacyResiliencePropertiesPostProcessor(destination -> destination.get())
                .postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    private static <T> T bind(StandardEnvironment environment, String prefix, Class<T> type) {
        return Binder.get(environment).bindOrCreate(prefix, type);
    }

    @Test
    void everyOldFlatNameOfBothReasoningAdaptersStillWorksAndWarns(CapturedOutput output) {
        var environment = environment(
                Map.of(
                        "athena.reasoning.llamacpp.max-attempts", "5",
                        "athena.reasoning.llamacpp.initial-backoff", "100ms",
                        "athena.reasoning.llamacpp.max-backoff", "3s",
                        "athena.reasoning.llamacpp.circuit-breaker-failure-rate", "70",
                        "athena.reasoning.llamacpp.circuit-breaker-open-duration", "9s",
                        "athena.reasoning.llamacpp.max-concurrent-requests", "6",
                        "athena.reasoning.llamacpp.slot-wait-timeout", "7s",
                        "athena.reasoning.anthropic.max-retry-after", "11s"),
                Map.of());

        var llamaCpp = bind(environment, LlamaCppReasoningProperties.CONFIG_PREFIX, LlamaCppReasoningProperties.class);
        assertThat(llamaCpp.retry().maxAttempts()).isEqualTo(5);
        assertThat(llamaCpp.retry().initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(llamaCpp.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(3));
        assertThat(llamaCpp.circuitBreaker().failureRateThreshold()).isEqualTo(70f);
        assertThat(llamaCpp.circuitBreaker().waitInOpenState()).isEqualTo(Duration.ofSeconds(9));
        assertThat(llamaCpp.bulkhead().maxConcurrentCalls()).isEqualTo(6);
        assertThat(llamaCpp.bulkhead().maxWait()).isEqualTo(Duration.ofSeconds(7));
        var anthropic =
                bind(environment, AnthropicReasoningProperties.CONFIG_PREFIX, AnthropicReasoningProperties.class);
        assertThat(anthropic.retry().maxRetryAfter()).isEqualTo(Duration.ofSeconds(11));

        assertThat(output)
                .contains("WARN")
                .contains("athena.reasoning.llamacpp.max-attempts is deprecated")
                .contains("use athena.reasoning.llamacpp.retry.max-attempts "
                        + "(ATHENA_REASONING_LLAMACPP_RETRY_MAX_ATTEMPTS)")
                .contains("athena.reasoning.llamacpp.slot-wait-timeout is deprecated")
                .contains("use athena.reasoning.llamacpp.bulkhead.max-wait")
                .contains("athena.reasoning.anthropic.max-retry-after is deprecated")
                .contains("use athena.reasoning.anthropic.retry.max-retry-after");
    }

    @Test
    void anApplicationStartedWithAnOldNameBindsItAndWarns(CapturedOutput output) {
        SpringApplication application = new SpringApplication(PropertiesOnly.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("athena.reasoning.llamacpp.circuit-breaker-open-duration", "40s"));

        try (ConfigurableApplicationContext context = application.run()) {
            assertThat(context.getBean(LlamaCppReasoningProperties.class)
                            .circuitBreaker()
                            .waitInOpenState())
                    .isEqualTo(Duration.ofSeconds(40));
        }
        assertThat(output)
                .contains("WARN")
                .contains("athena.reasoning.llamacpp.circuit-breaker-open-duration is deprecated")
                .contains("use athena.reasoning.llamacpp.circuit-breaker.wait-in-open-state");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LlamaCppReasoningProperties.class)
    static class PropertiesOnly {}

    @Test
    void theOldEnvironmentVariableStillWorks(CapturedOutput output) {
        var environment = environment(Map.of(), Map.of("ATHENA_REASONING_ANTHROPIC_MAX_CONCURRENT_REQUESTS", "9"));

        var anthropic =
                bind(environment, AnthropicReasoningProperties.CONFIG_PREFIX, AnthropicReasoningProperties.class);
        assertThat(anthropic.bulkhead().maxConcurrentCalls()).isEqualTo(9);
        assertThat(output).contains("athena.reasoning.anthropic.max-concurrent-requests is deprecated");
    }

    @Test
    void theNewNameWinsAndTheOldOneIsNotMapped(CapturedOutput output) {
        var environment = environment(
                Map.of("athena.reasoning.llamacpp.max-attempts", "5"),
                Map.of("ATHENA_REASONING_LLAMACPP_RETRY_MAX_ATTEMPTS", "2"));

        var llamaCpp = bind(environment, LlamaCppReasoningProperties.CONFIG_PREFIX, LlamaCppReasoningProperties.class);
        assertThat(llamaCpp.retry().maxAttempts()).isEqualTo(2);
        assertThat(environment.getPropertySources().contains(LegacyResiliencePropertiesPostProcessor.SOURCE_NAME))
                .isFalse();
        assertThat(output).doesNotContain("deprecated");
    }

    @Test
    void withoutOldNamesNothingIsAddedOrLogged(CapturedOutput output) {
        var environment = environment(Map.of("athena.reasoning.llamacpp.retry.max-attempts", "4"), Map.of());

        assertThat(environment.getPropertySources().contains(LegacyResiliencePropertiesPostProcessor.SOURCE_NAME))
                .isFalse();
        assertThat(output).doesNotContain("deprecated");
    }
}
