package dev.athena.gateway.security;

import dev.athena.gateway.GatewayProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The API keys, read once at start-up. A key list that is given but names no key ({@code ATHENA_API_KEYS=' , '} or an
 * empty {@code ATHENA_API_KEYS=}) stops the start: silently running without authentication is the one outcome a
 * deployment that meant to set keys must never get. Leave the variable unset to run in open mode.
 */
@Configuration(proxyBeanMethods = false)
class ApiKeysConfiguration {

    static final String PROPERTY = GatewayProperties.CONFIG_PREFIX + ".api-keys";
    static final String VARIABLE = "ATHENA_API_KEYS";
    /** What the start-up failure shows in place of the value: it holds keys. */
    private static final String HIDDEN_VALUE = "(not shown)";

    @Bean
    ApiKeys apiKeys(GatewayProperties properties, Environment environment) {
        ApiKeys keys;
        try {
            keys = ApiKeys.parse(properties.apiKeys());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(PROPERTY, HIDDEN_VALUE, e.getMessage());
        }
        boolean given = environment.containsProperty(VARIABLE)
                || !environment.getProperty(PROPERTY, "").isBlank();
        if (given && !keys.enabled()) {
            throw new InvalidConfigurationPropertyValueException(
                    PROPERTY,
                    HIDDEN_VALUE,
                    VARIABLE + " is set but names "
                            + "no key; give 'key:project|project' or 'key:*' entries separated by commas, or "
                            + "unset it to run "
                            + "without keys (open mode, which listens on the loopback interface only)");
        }
        return keys;
    }

    @Bean
    OpenModeLoopbackBinding openModeLoopbackBinding(ApiKeys keys, Environment environment) {
        return new OpenModeLoopbackBinding(
                keys.enabled(), environment.containsProperty(OpenModeLoopbackBinding.ADDRESS_PROPERTY));
    }
}
