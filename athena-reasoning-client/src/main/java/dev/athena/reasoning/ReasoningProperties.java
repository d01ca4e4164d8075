package dev.athena.reasoning;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which reasoning model Athena uses, under {@code athena.reasoning}.
 *
 * @param provider {@code none} (consolidate with heuristics only), {@code llamacpp} (a llama-server; chosen
 *     automatically when {@code LLAMACPP_REASONING_URL} is set) or {@code anthropic} (Claude; chosen automatically when
 *     only {@code ANTHROPIC_API_KEY} is set)
 */
@ConfigurationProperties(ReasoningProperties.CONFIG_PREFIX)
public record ReasoningProperties(
        @DefaultValue(DEFAULT_PROVIDER) Provider provider) {

    public static final String CONFIG_PREFIX = "athena.reasoning";
    public static final String DEFAULT_PROVIDER = "none";

    public enum Provider {
        NONE,
        LLAMACPP,
        ANTHROPIC
    }
}
