package dev.athena.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class ToolRegistryTests {

    record Parameters(String text) {
    }

    private static ToolDefinition<Parameters> tool(String name) {
        return new ToolDefinition<>(name, "a tool", Parameters.class, p -> p);
    }

    private static ToolRegistry registry(List<ToolDefinition<?>> tools, ToolExample... examples) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        for (int i = 0; i < examples.length; i++) {
            beans.addBean("example" + i, examples[i]);
        }
        return new ToolRegistry(tools, beans.getBeanProvider(ToolExample.class));
    }

    @Test
    void describesEachToolWithItsSchemaAndTheExampleFromEitherPlace() {
        ToolRegistry registry = registry(List.of(tool("echo").withExample("{\"text\":\"hi\"}"), tool("shout")),
                new ToolExample("shout", "{\"text\":\"HI\"}"));

        assertThat(registry.descriptions()).extracting(ToolDescription::name).containsExactly("echo", "shout");
        assertThat(registry.description("echo").orElseThrow().example().get("text").asString()).isEqualTo("hi");
        assertThat(registry.description("shout").orElseThrow().example().get("text").asString()).isEqualTo("HI");
        assertThat(registry.description("echo").orElseThrow().inputSchema().get("properties").has("text")).isTrue();
    }

    @Test
    void refusesTwoToolsWithOneName() {
        assertThatIllegalStateException().isThrownBy(() -> registry(List.of(tool("echo"), tool("echo"))))
                .withMessageContaining("two tools are named 'echo'");
    }

    @Test
    void refusesAnExampleForAToolThatDoesNotExist() {
        assertThatIllegalStateException().isThrownBy(() -> registry(List.of(tool("echo")), new ToolExample("ehco", "{}")))
                .withMessageContaining("ehco");
    }

    @Test
    void refusesTwoExamplesForOneTool() {
        assertThatIllegalStateException()
                .isThrownBy(() -> registry(List.of(tool("echo").withExample("{}")), new ToolExample("echo", "{}")))
                .withMessageContaining("echo");
    }

    @Test
    void refusesAnExampleThatIsNotAJsonObject() {
        assertThatIllegalStateException().isThrownBy(() -> registry(List.of(tool("echo").withExample("[1]"))))
                .withMessageContaining("not a JSON object");
        assertThatIllegalStateException().isThrownBy(() -> registry(List.of(tool("echo").withExample("{\"text\":"))))
                .withMessageContaining("not valid JSON");
    }
}
