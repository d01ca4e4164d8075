package dev.athena.memory;

import dev.athena.memory.testing.SwitchableEmbeddingConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * The smallest application that holds the memory module, for its integration tests. It is also a
 * {@code @TestConfiguration} so that Spring Boot's test type filter keeps it out of the gateway's component scan when
 * the gateway's tests have these test classes on their class path.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan
@TestConfiguration(proxyBeanMethods = false)
@Import(SwitchableEmbeddingConfiguration.class)
class MemoryTestApplication {}
