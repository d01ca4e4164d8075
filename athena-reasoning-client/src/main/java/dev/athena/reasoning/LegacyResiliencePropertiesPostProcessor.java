package dev.athena.reasoning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps the flat resilience properties of the reasoning adapters working for one release: each old name that is set (in
 * any property source, so its environment variable too, e.g. {@code ATHENA_REASONING_LLAMACPP_MAX_ATTEMPTS}) is copied
 * onto its nested {@code retry.*}, {@code circuit-breaker.*} or {@code bulkhead.*} name with a warning naming both,
 * unless the new name is set as well, which then wins.
 */
public final class LegacyResiliencePropertiesPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "athenaLegacyReasoningResilienceProperties";
    /** The old flat name under each adapter's prefix, and the new nested one. */
    static final Map<String, String> RENAMED = renamed();

    private static final List<String> PREFIXES =
            List.of(LlamaCppReasoningProperties.CONFIG_PREFIX, AnthropicReasoningProperties.CONFIG_PREFIX);

    private final Log log;

    public LegacyResiliencePropertiesPostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(LegacyResiliencePropertiesPostProcessor.class);
    }

    @Override
    public int getOrder() {
        // After application.yml and the profiles are loaded, so that old names set there are seen too.
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> mapped = new LinkedHashMap<>();
        for (String prefix : PREFIXES) {
            RENAMED.forEach((oldName, newName) -> {
                String oldProperty = prefix + "." + oldName;
                String newProperty = prefix + "." + newName;
                String value = environment.getProperty(oldProperty);
                if (value != null && !environment.containsProperty(newProperty)) {
                    mapped.put(newProperty, value);
                    log.warn(oldProperty + " is deprecated and will be removed in the next release: use " + newProperty
                            + " (" + environmentVariable(newProperty) + ") instead");
                }
            });
        }
        if (!mapped.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, mapped));
        }
    }

    static String environmentVariable(String property) {
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> renamed() {
        Map<String, String> renamed = new LinkedHashMap<>();
        renamed.put("max-attempts", "retry.max-attempts");
        renamed.put("initial-backoff", "retry.initial-backoff");
        renamed.put("max-backoff", "retry.max-backoff");
        renamed.put("max-retry-after", "retry.max-retry-after");
        renamed.put("circuit-breaker-failure-rate", "circuit-breaker.failure-rate-threshold");
        renamed.put("circuit-breaker-open-duration", "circuit-breaker.wait-in-open-state");
        renamed.put("max-concurrent-requests", "bulkhead.max-concurrent-calls");
        renamed.put("slot-wait-timeout", "bulkhead.max-wait");
        return Collections.unmodifiableMap(renamed);
    }
}
