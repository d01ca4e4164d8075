package dev.athena.memory;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest application that holds the memory module, for its integration tests. */
@SpringBootApplication
class MemoryTestApplication {
}
