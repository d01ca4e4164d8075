package dev.athena.embedding.llamacpp;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.athena.embedding.EmbeddingProperties;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.StringUtils;

/**
 * Maps the llama.cpp embedding server's environment variables (those compose and the Kubernetes manifests set) onto
 * {@code athena.embedding.*}, with the precedence of environment variables: they override {@code application.yml}, and
 * {@code ATHENA_EMBEDDING_*} variables, system properties and command-line arguments override them.
 *
 * <ul>
 *   <li>{@code LLAMACPP_EMBEDDINGS_URL} sets {@code athena.embedding.llamacpp.base-url} and makes {@code llamacpp} the
 *       provider, so that Athena runs against the server whenever the variable is set and on ONNX otherwise;
 *   <li>{@code LLAMACPP_EMBEDDING_DIM} sets {@code athena.embedding.dimension} when the provider is llamacpp; with
 *       {@code LLAMACPP_EMBEDDINGS_URL} set and no dimension given, 768 (nomic-embed-text-v1.5, the model compose
 *       serves) applies;
 *   <li>{@code LLAMACPP_EMBEDDINGS_API_KEY}, else {@code LLAMACPP_API_KEY}, sets
 *       {@code athena.embedding.llamacpp.api-key}.
 * </ul>
 */
public final class LlamaCppEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    public static final String URL_VARIABLE = "LLAMACPP_EMBEDDINGS_URL";
    public static final String DIMENSION_VARIABLE = "LLAMACPP_EMBEDDING_DIM";
    public static final String API_KEY_VARIABLE = "LLAMACPP_EMBEDDINGS_API_KEY";
    public static final String SHARED_API_KEY_VARIABLE = "LLAMACPP_API_KEY";
    /** The width of nomic-embed-text-v1.5, the model compose serves: the dimension when only the URL is set. */
    public static final int NOMIC_EMBED_DIMENSION = 768;

    static final String PROPERTY_SOURCE_NAME = "athenaLlamaCppEnvironmentVariables";
    static final String LLAMACPP_PROVIDER = "llamacpp";

    private static final String PROVIDER = EmbeddingProperties.CONFIG_PREFIX + ".provider";
    private static final String DIMENSION = EmbeddingProperties.CONFIG_PREFIX + ".dimension";
    private static final String BASE_URL = LlamaCppEmbeddingProperties.CONFIG_PREFIX + ".base-url";
    private static final String API_KEY = LlamaCppEmbeddingProperties.CONFIG_PREFIX + ".api-key";

    @Override
    public int getOrder() {
        // After application.yml is loaded, so that the effective provider is known.
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> mapped = new LinkedHashMap<>();
        String url = environment.getProperty(URL_VARIABLE);
        if (StringUtils.hasText(url)) {
            mapped.put(BASE_URL, url.strip());
            mapped.put(PROVIDER, LLAMACPP_PROVIDER);
        }
        String apiKey = environment.getProperty(API_KEY_VARIABLE, environment.getProperty(SHARED_API_KEY_VARIABLE, ""));
        if (StringUtils.hasText(apiKey)) {
            mapped.put(API_KEY, apiKey.strip());
        }
        String dimension = environment.getProperty(DIMENSION_VARIABLE);
        if (mapped.isEmpty() && !StringUtils.hasText(dimension)) {
            return;
        }
        addWithEnvironmentPrecedence(
                environment.getPropertySources(), new MapPropertySource(PROPERTY_SOURCE_NAME, mapped));
        // The provider is known only now: an explicit ATHENA_EMBEDDING_PROVIDER=onnx wins over the URL.
        if (LLAMACPP_PROVIDER.equalsIgnoreCase(environment.getProperty(PROVIDER, ""))) {
            if (StringUtils.hasText(dimension)) {
                mapped.put(DIMENSION, dimension.strip());
            } else if (StringUtils.hasText(url)) {
                mapped.put(DIMENSION, Integer.toString(NOMIC_EMBED_DIMENSION));
            }
            addWithEnvironmentPrecedence(
                    environment.getPropertySources(), new MapPropertySource(PROPERTY_SOURCE_NAME, mapped));
        }
    }

    private static void addWithEnvironmentPrecedence(MutablePropertySources sources, MapPropertySource source) {
        sources.remove(PROPERTY_SOURCE_NAME);
        if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
        } else {
            sources.addFirst(source);
        }
    }
}
