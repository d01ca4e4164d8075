package dev.athena.reasoning;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds a properties record the way Spring Boot does, defaults included, with a few overrides. */
final class TestProperties {

    private TestProperties() {}

    static <T> T bind(String prefix, Class<T> type, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        overrides.forEach((key, value) -> values.put(prefix + "." + key, value));
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, type);
    }

    /** Fast retries and short timeouts, so the failure tests finish in well under a second each. */
    static Map<String, String> fast(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of(
                "generation-timeout", "5s",
                "health-timeout", "2s",
                "retry.initial-backoff", "10ms",
                "retry.max-backoff", "40ms",
                "bulkhead.max-wait", "2s"));
        values.putAll(extra);
        return values;
    }
}
