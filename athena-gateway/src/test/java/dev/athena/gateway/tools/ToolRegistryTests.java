package dev.athena.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;

import org.junit.jupiter.api.Test;

class ToolRegistryTests {

    record Parameters(String text) {}

    private static ToolDefinition<Parameters> tool(String name) {
        return new ToolDefinition<>(name, "a tool", Parameters.class, p -> p);
    }

    private static ToolRegistry registry(List<ToolDefinition<?>> tools) {
        return new ToolRegistry(tools);
    }

    @Test
    void describesEachToolWithItsSchemaAndItsExample() {
        ToolRegistry registry = registry(List.of(tool("echo").withExample("{\"text\":\"hi\"}"), tool("shout")));

        assertThat(registry.descriptions()).extracting(ToolDescription::name).containsExactly("echo", "shout");
        assertThat(registry.description("echo")
                        .orElseThrow()
                        .example()
                        .get("text")
                        .asString())
                .isEqualTo("hi");
        assertThat(registry.description("shout").orElseThrow().example()).isNull();
        assertThat(registry.description("echo")
                        .orElseThrow()
                        .inputSchema()
                        .get("properties")
                        .has("text"))
                .isTrue();
    }

    @Test
    void describesWhatEachToolDoesToTheData() {
        ToolRegistry registry = registry(List.of(
                tool("look").withEffect(ToolDefinition.Effect.READ_ONLY),
                tool("add"),
                tool("erase").withEffect(ToolDefinition.Effect.DESTRUCTIVE)));

        assertThat(registry.description("look").orElseThrow())
                .extracting(ToolDescription::readOnly, ToolDescription::destructive)
                .containsExactly(true, false);
        assertThat(registry.description("add").orElseThrow())
                .extracting(ToolDescription::readOnly, ToolDescription::destructive)
                .containsExactly(false, false);
        assertThat(registry.description("erase").orElseThrow())
                .extracting(ToolDescription::readOnly, ToolDescription::destructive)
                .containsExactly(false, true);
    }

    @Test
    void addsBoundsSetByConfigurationToTheSchemaAndRefusesOneForAParameterItDoesNotHave() {
        ToolRegistry registry = registry(List.of(tool("echo").withConfiguredBound("text", "maxLength", 12)));

        assertThat(registry.description("echo")
                        .orElseThrow()
                        .inputSchema()
                        .at("/properties/text/maxLength")
                        .asInt())
                .isEqualTo(12);
        assertThatIllegalStateException()
                .isThrownBy(() -> registry(List.of(tool("echo").withConfiguredBound("txet", "maxLength", 12))))
                .withMessageContaining("txet");
    }

    record WithDefault(@Default("sometimes") ToolSchemasTests.Strategy strategy) {}

    @Test
    void refusesADefaultTheParameterWouldNotAccept() {
        assertThatIllegalStateException()
                .isThrownBy(() -> registry(List.of(new ToolDefinition<>("pick", "a tool", WithDefault.class, p -> p))))
                .withMessageContaining("sometimes")
                .withMessageContaining("strategy");
    }

    @Test
    void refusesTwoToolsWithOneName() {
        assertThatIllegalStateException()
                .isThrownBy(() -> registry(List.of(tool("echo"), tool("echo"))))
                .withMessageContaining("two tools are named 'echo'");
    }

    @Test
    void refusesAnExampleThatIsNotAJsonObject() {
        assertThatIllegalStateException()
                .isThrownBy(() -> registry(List.of(tool("echo").withExample("[1]"))))
                .withMessageContaining("not a JSON object");
        assertThatIllegalStateException()
                .isThrownBy(() -> registry(List.of(tool("echo").withExample("{\"text\":"))))
                .withMessageContaining("not valid JSON");
    }
}
