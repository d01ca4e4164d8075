package dev.athena.gateway.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Decides whether Athena reads an environment variable: either Spring Boot's relaxed binding maps it onto a property of
 * the configuration metadata on Athena's classpath (Athena's modules' {@code athena.*} properties and Spring Boot's
 * own, such as {@code spring.datasource.url}), or it is one of the variables that Athena maps itself.
 */
final class AthenaEnvironment {

    /**
     * The environment variables with names of their own (those compose and the Kubernetes manifests set), read by
     * environment post-processors of the client modules and by the gateway's {@code application.yml};
     * docs/configuration.md lists each (a test keeps the two in step).
     */
    static final Set<String> MAPPED_VARIABLES = Set.of(
            "LLAMACPP_EMBEDDINGS_URL", // embedding client: base URL, and makes llamacpp the provider
            "LLAMACPP_EMBEDDING_DIM", // embedding client: athena.embedding.dimension
            "LLAMACPP_EMBEDDINGS_API_KEY", // embedding client: the server's --api-key
            "LLAMACPP_API_KEY", // both llama.cpp clients, when no specific key is set
            "LLAMACPP_REASONING_URL", // reasoning client: base URL, and makes llamacpp the provider
            "ANTHROPIC_API_KEY", // reasoning client: Claude
            "LLMLINGUA_URL", // reasoning client: the LLMLingua-2 compression service
            "ATHENA_API_KEYS"); // gateway: API keys, key:project|project,key2:*

    private static final Set<String> PROPERTIES = loadMetadataProperties();

    private AthenaEnvironment() {}

    static boolean reads(String variable) {
        return MAPPED_VARIABLES.contains(variable) || boundProperty(variable) != null;
    }

    /** The metadata property that Spring's relaxed binding feeds from this variable, or null. */
    static String boundProperty(String variable) {
        var environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value"));
        ConfigurationPropertySource source = ConfigurationPropertySource.from(environment);
        for (String property : PROPERTIES) {
            if (ConfigurationPropertyName.isValid(property)
                    && source.getConfigurationProperty(ConfigurationPropertyName.of(property)) != null) {
                return property;
            }
        }
        return null;
    }

    static Set<String> properties() {
        return PROPERTIES;
    }

    private static Set<String> loadMetadataProperties() {
        Set<String> names = new LinkedHashSet<>();
        ObjectMapper json = new ObjectMapper();
        try {
            for (URL url : Collections.list(AthenaEnvironment.class
                    .getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        names.add(property.path("name").asString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableSet(names);
    }
}
