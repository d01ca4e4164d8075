package dev.athena.gateway;

import java.util.Map;
import java.util.UUID;

import dev.athena.gateway.tools.NotFoundException;
import dev.athena.gateway.tools.ProjectScoped;
import dev.athena.gateway.tools.ToolDefinition;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import io.modelcontextprotocol.client.McpSyncClient;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The gateway as docker-compose runs it: API keys on, JSON logs, and a small body limit so that 413s are cheap to
 * provoke. One application context shared by every subclass.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // The variable docker-compose sets; application.yml maps it onto athena.gateway.api-keys.
            "ATHENA_API_KEYS=" + SecuredGatewayIntegrationTest.ALPHA_KEY + ":alpha|alpha-2,"
                    + SecuredGatewayIntegrationTest.STAR_KEY + ":*",
            "athena.gateway.max-body-size=64KB",
            "athena.gateway.body-read-timeout=2s"
        })
@ActiveProfiles("json")
@Import(SecuredGatewayIntegrationTest.GlobalTool.class)
abstract class SecuredGatewayIntegrationTest extends DatabaseIntegrationTest {

    static final String ALPHA_KEY = "alpha-key-7f3c9e1d2b";
    static final String STAR_KEY = "star-key-5a8e0c4f6d";
    static final int MAX_BODY_BYTES = 64 * 1024;

    @LocalServerPort
    int port;

    GatewayClient anonymous() {
        return new GatewayClient(port);
    }

    GatewayClient alpha() {
        return new GatewayClient(port).withBearer(ALPHA_KEY);
    }

    GatewayClient star() {
        return new GatewayClient(port).withHeader("X-API-Key", STAR_KEY);
    }

    McpSyncClient mcp(String key) {
        return McpTestClient.connect(port, Map.of("Authorization", "Bearer " + key));
    }

    /** A tool that is not limited to one project, as a consolidation or statistics tool would be. */
    @TestConfiguration(proxyBeanMethods = false)
    static class GlobalTool {

        record NoParameters() {}

        record MemoryCount(long memories) {}

        record LookupParameters(@NotNull UUID id, String project) implements ProjectScoped {}

        record Lookup(String content) {}

        /** An id-based tool, as forget or get-by-id will be: an id outside the caller's project is not found. */
        @Bean
        ToolDefinition<LookupParameters> lookupMemoryTool(JdbcTemplate jdbc) {
            return new ToolDefinition<>(
                            "lookup_memory",
                            "Returns one memory of the project by id.",
                            LookupParameters.class,
                            p -> jdbc
                                    .query(
                                            "SELECT content FROM memories WHERE id = ? AND project = ?",
                                            (row, i) -> new Lookup(row.getString("content")),
                                            p.id(),
                                            p.project() == null ? "default" : p.project())
                                    .stream()
                                    .findFirst()
                                    .orElseThrow(() -> new NotFoundException(
                                            "no memory with id '" + p.id() + "' in this project")))
                    .withExample("{\"id\":\"01a212e5-5a00-77b8-a827-2b2e9686fc20\",\"project\":\"alpha\"}");
        }

        @Bean
        ToolDefinition<NoParameters> countAllMemoriesTool(JdbcTemplate jdbc) {
            return new ToolDefinition<>(
                            "count_all_memories",
                            "Counts the memories of every project.",
                            NoParameters.class,
                            p -> new MemoryCount(jdbc.queryForObject("SELECT count(*) FROM memories", Long.class)))
                    .withExample("{}");
        }
    }
}
