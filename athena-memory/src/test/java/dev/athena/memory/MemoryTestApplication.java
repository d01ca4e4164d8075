package dev.athena.memory;

import dev.athena.memory.testing.SwitchableEmbeddingConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The smallest application that holds the memory module, for its integration tests. */
@SpringBootApplication
@Import(SwitchableEmbeddingConfiguration.class)
class MemoryTestApplication {
}
