package dev.athena.reasoning;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps the reasoning and compression servers' environment variables (those compose and the Kubernetes manifests set)
 * onto Athena's properties, with the lowest precedence, so an explicit {@code athena.*} setting always wins:
 *
 * <ul>
 *   <li>{@code LLAMACPP_REASONING_URL} sets {@code athena.reasoning.llamacpp.base-url} and makes llama.cpp the
 *       provider;
 *   <li>{@code ANTHROPIC_API_KEY} sets {@code athena.reasoning.anthropic.api-key}, and makes Claude the provider when
 *       no llama.cpp server is named;
 *   <li>{@code LLMLINGUA_URL} sets {@code athena.compression.llmlingua.base-url} and makes LLMLingua-2 the compressor.
 * </ul>
 */
public class ReasoningEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "athenaReasoningEnvironmentVariables";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> mapped = new HashMap<>();
        String llamaCpp = environment.getProperty("LLAMACPP_REASONING_URL");
        String anthropicKey = environment.getProperty("ANTHROPIC_API_KEY");
        String llmLingua = environment.getProperty("LLMLINGUA_URL");
        if (hasText(anthropicKey)) {
            mapped.put(AnthropicReasoningProperties.CONFIG_PREFIX + ".api-key", anthropicKey);
            mapped.put(ReasoningProperties.CONFIG_PREFIX + ".provider", "anthropic");
        }
        if (hasText(llamaCpp)) {
            mapped.put(LlamaCppReasoningProperties.CONFIG_PREFIX + ".base-url", llamaCpp);
            mapped.put(ReasoningProperties.CONFIG_PREFIX + ".provider", "llamacpp");
        }
        if (hasText(llmLingua)) {
            mapped.put("athena.compression.llmlingua.base-url", llmLingua);
            mapped.put("athena.compression.provider", "llmlingua");
        }
        if (!mapped.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, mapped));
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
