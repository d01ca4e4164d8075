package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.athena.gateway.tools.ProjectScoped;
import dev.athena.gateway.tools.ToolDescription;
import dev.athena.gateway.tools.ToolRegistry;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Key A (bound to project alpha) can neither read, change nor delete project beta's memories, nor the default
 * project's, through any tool, over REST or MCP. The test walks every project-scoped tool of the registry, so tools
 * added later are covered without touching it.
 */
class ProjectIsolationIntegrationTests extends SecuredGatewayIntegrationTest {

    /** Everything a tool could change about a memory, so a comparison shows any trace a refused call left. */
    private static final String SNAPSHOT = """
            SELECT m.id, m.project, m.memory_type, m.content, m.tags::text, m.metadata::text, m.importance,
                m.confidence,
                   a.access_count, a.last_accessed_at, m.updated_at, m.superseded_by, m.state, m.embedding IS NULL AS
                       unembedded
            FROM memories m LEFT JOIN memory_access a ON a.memory_id = m.id ORDER BY m.id""";

    @Autowired
    ToolRegistry registry;

    @BeforeEach
    void memoriesInOtherProjects() {
        star().postJson(
                        "/tools/remember/execute",
                        "{\"content\":\"beta's release train leaves on Tuesdays\",\"project\":\"beta\"}");
        star().postJson(
                        "/tools/remember/execute",
                        "{\"content\":\"beta deploys with "
                                + "blue-green\",\"memory_type\":\"decision\",\"project\":\"beta\"}");
        star().postJson("/tools/remember/execute", "{\"content\":\"the default project's secret sauce\"}");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM memories", Long.class))
                .isEqualTo(3);
    }

    @Test
    void everyProjectScopedToolRefusesAnotherProjectOverRestAndMcpAndLeavesNoTrace() {
        List<Map<String, Object>> before = jdbc.queryForList(SNAPSHOT);
        List<ToolDescription> scoped = projectScopedTools();
        assertThat(scoped).extracting(ToolDescription::name).contains("remember", "recall", "lookup_memory");

        McpSyncClient mcp = mcp(ALPHA_KEY);
        try {
            for (ToolDescription tool : scoped) {
                for (String body : List.of(withProject(tool, "beta"), withoutProject(tool))) {
                    var rest = alpha().postJson("/tools/" + tool.name() + "/execute", body);
                    assertThat(rest.status())
                            .as("REST %s %s", tool.name(), body)
                            .isEqualTo(403);
                    assertThat(rest.contentType()).startsWith("application/problem+json");

                    var call = McpTestClient.call(mcp, tool.name(), body);
                    assertThat(call.isError())
                            .as("MCP %s %s", tool.name(), body)
                            .isTrue();
                    assertThat(McpTestClient.text(call).get("status").asInt()).isEqualTo(403);
                }
            }
        } finally {
            mcp.closeGracefully();
        }

        assertThat(jdbc.queryForList(SNAPSHOT)).isEqualTo(before);
    }

    @Test
    void theSameKeyWorksInItsOwnProjectAndSeesOnlyIt() {
        var remembered = alpha().postJson(
                        "/tools/remember/execute",
                        "{\"content\":\"alpha's release train leaves on Tuesdays\",\"project\":\"alpha\"}");
        assertThat(remembered.status()).isEqualTo(200);

        McpSyncClient mcp = mcp(ALPHA_KEY);
        try {
            var recalled =
                    McpTestClient.call(mcp, "recall", "{\"query\":\"release train\",\"k\":10,\"project\":\"alpha\"}");
            assertThat(recalled.isError()).isNotEqualTo(Boolean.TRUE);
            JsonNode results = McpTestClient.text(recalled).get("results");
            assertThat(results.size()).isEqualTo(1);
            assertThat(results.get(0).get("id").asString())
                    .isEqualTo(remembered.body().get("id").asString());
        } finally {
            mcp.closeGracefully();
        }
    }

    @Test
    void anIdFromAnotherProjectIsNotFoundInTheCallersOwnProject() {
        String betaId =
                jdbc.queryForObject("SELECT id::text FROM memories WHERE project = 'beta' LIMIT 1", String.class);
        String lookup = "{\"id\":\"" + betaId + "\",\"project\":\"alpha\"}";

        var rest = alpha().postJson("/tools/lookup_memory/execute", lookup);
        assertThat(rest.status()).isEqualTo(404);
        assertThat(rest.contentType()).startsWith("application/problem+json");
        assertThat(rest.raw()).doesNotContain("release train");

        McpSyncClient mcp = mcp(ALPHA_KEY);
        try {
            var call = McpTestClient.call(mcp, "lookup_memory", lookup);
            assertThat(call.isError()).isTrue();
            assertThat(McpTestClient.text(call).get("status").asInt()).isEqualTo(404);
        } finally {
            mcp.closeGracefully();
        }
        assertThat(star().postJson("/tools/lookup_memory/execute", "{\"id\":\"" + betaId + "\",\"project\":\"beta\"}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aToolNotLimitedToOneProjectNeedsAKeyForEveryProject() {
        var refused = alpha().postJson("/tools/count_all_memories/execute", "{}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("detail").asString()).contains("'*'");

        var allowed = star().postJson("/tools/count_all_memories/execute", "{}");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.body().get("memories").asLong()).isEqualTo(3);
    }

    @Test
    void aToolThatTouchesNoProjectIsOpenToAnyValidKey() {
        var compressed = alpha().postJson(
                        "/tools/compress_prompt/execute",
                        "{\"context\":\"The build 4411 failed with exit code 137 because the JVM ran out of "
                                + "memory.\",\"rate\":0.5}");

        assertThat(compressed.status()).isEqualTo(200);
        assertThat(compressed.body().get("compressed_prompt").asString()).contains("4411", "137");
    }

    @Test
    void aRefusalDoesNotDependOnWhetherTheOtherProjectExists() {
        var existing = alpha().postJson("/tools/recall/execute", "{\"query\":\"release\",\"project\":\"beta\"}");
        var missing =
                alpha().postJson("/tools/recall/execute", "{\"query\":\"release\",\"project\":\"no-such-project\"}");

        assertThat(existing.status()).isEqualTo(403);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(existing.body().get("title")).isEqualTo(missing.body().get("title"));
    }

    private List<ToolDescription> projectScopedTools() {
        return registry.definitions().stream()
                .filter(definition -> ProjectScoped.class.isAssignableFrom(definition.parameters()))
                .map(definition -> registry.description(definition.name()).orElseThrow())
                .toList();
    }

    private static String withProject(ToolDescription tool, String project) {
        ObjectNode example = (ObjectNode) tool.example().deepCopy();
        example.put("project", project);
        return example.toString();
    }

    private static String withoutProject(ToolDescription tool) {
        ObjectNode example = (ObjectNode) tool.example().deepCopy();
        example.remove("project");
        return example.toString();
    }
}
