package dev.athena;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.athena.memory.testing.SwitchableEmbeddingConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The memory and consolidation modules together, for consolidation's integration tests, at a fixed "now" just after the
 * recorded agent event log ends, so that "the last N days" means the same on any day the tests run.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan
@TestConfiguration(proxyBeanMethods = false)
@Import(SwitchableEmbeddingConfiguration.class)
public class ConsolidationTestApplication {

    public static final Instant NOW = Instant.parse("2026-11-26T00:00:00Z");

    @Bean
    @Primary
    Clock fixedClock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }
}
