package dev.athena.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * {@code athena.embedding.provider} is an enum bound from its name; a wrong name stops the start and lists the right
 * ones.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddingProviderBindingTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EmbeddingClientAutoConfiguration.class));

    @Test
    void bindsTheProviderFromItsNameInAnyCase() {
        context.withPropertyValues("athena.embedding.provider= Hash ").run(app -> {
            assertThat(app.getBean(EmbeddingProperties.class).provider()).isEqualTo(EmbeddingProperties.Provider.HASH);
            assertThat(app).getBean(EmbeddingClient.class).isInstanceOf(HashEmbeddingClient.class);
        });
    }

    @Test
    void theDefaultIsOnnx() {
        context.run(app -> assertThat(app.getBean(EmbeddingProperties.class).provider())
                .isEqualTo(EmbeddingProperties.Provider.ONNX));
    }

    @Test
    void anUnknownProviderStopsTheStartWithTheAllowedValues(CapturedOutput output) {
        SpringApplication application = new SpringApplication(EmbeddingOnly.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> application.run("--athena.embedding.provider=openai", "--spring.main.banner-mode=off"))
                .rootCause()
                .hasMessage("athena.embedding.provider must be one of [onnx, llamacpp, hash], was 'openai'");
        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("athena.embedding.provider")
                .contains("must be one of [onnx, llamacpp, hash], was 'openai'");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(EmbeddingClientAutoConfiguration.class)
    static class EmbeddingOnly {}
}
