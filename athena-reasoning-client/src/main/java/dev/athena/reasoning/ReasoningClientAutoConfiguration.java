package dev.athena.reasoning;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Provides the reasoning client; without a configured server it is the disabled one. */
@AutoConfiguration
public class ReasoningClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ReasoningClient.class)
    ReasoningClient disabledReasoningClient() {
        return new DisabledReasoningClient();
    }
}
