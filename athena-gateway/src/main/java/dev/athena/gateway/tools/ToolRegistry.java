package dev.athena.gateway.tools;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every tool the gateway serves, by name: each {@link ToolDefinition} bean, with the JSON Schema generated from its
 * parameter record, its example and its effect. Built once at start-up, so a tool whose schema, default or example is
 * broken stops the application instead of failing its first caller.
 */
@Component
public class ToolRegistry {

    private final Map<String, ToolDefinition<?>> tools = new TreeMap<>();
    private final Map<String, ToolDescription> descriptions = new TreeMap<>();

    ToolRegistry(List<ToolDefinition<?>> definitions) {
        for (ToolDefinition<?> tool : definitions) {
            if (tools.putIfAbsent(tool.name(), tool) != null) {
                throw new IllegalStateException("two tools are named '" + tool.name() + "'");
            }
            descriptions.put(
                    tool.name(),
                    new ToolDescription(
                            tool.name(),
                            tool.description(),
                            schema(tool),
                            example(tool),
                            tool.readOnly(),
                            tool.destructive()));
        }
    }

    /** Every tool, by name. */
    public List<ToolDescription> descriptions() {
        return new ArrayList<>(descriptions.values());
    }

    public Optional<ToolDescription> description(String name) {
        return Optional.ofNullable(descriptions.get(name));
    }

    /** Every tool definition, by name; tests iterate over them (for example, over every project-scoped tool). */
    public Collection<ToolDefinition<?>> definitions() {
        return List.copyOf(tools.values());
    }

    Optional<ToolDefinition<?>> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    private static ObjectNode schema(ToolDefinition<?> tool) {
        ObjectNode schema = ToolSchemas.of(tool.parameters());
        for (ToolDefinition.ConfiguredBound bound : tool.configuredBounds()) {
            if (!(schema.path("properties").get(bound.parameter()) instanceof ObjectNode parameter)) {
                throw new IllegalStateException(
                        "tool '" + tool.name() + "' bounds a parameter it does not have: '" + bound.parameter() + "'");
            }
            parameter.put(bound.keyword(), bound.value());
        }
        return schema;
    }

    private static JsonNode example(ToolDefinition<?> tool) {
        if (tool.example() == null) {
            return null;
        }
        try {
            JsonNode example = ToolParameterBinder.WIRE.readTree(tool.example());
            if (!example.isObject()) {
                throw new IllegalStateException("the example of tool '" + tool.name() + "' is not a JSON object");
            }
            return example;
        } catch (JacksonException e) {
            throw new IllegalStateException("the example of tool '" + tool.name() + "' is not valid JSON", e);
        }
    }
}
