package dev.athena.gateway.tools;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

/** Every tool the gateway serves, by name. */
@Component
class ToolRegistry {

    private final Map<String, ToolDefinition<?>> tools = new TreeMap<>();

    ToolRegistry(List<ToolDefinition<?>> definitions) {
        for (ToolDefinition<?> definition : definitions) {
            if (tools.putIfAbsent(definition.name(), definition) != null) {
                throw new IllegalStateException("two tools are named '" + definition.name() + "'");
            }
        }
    }

    Optional<ToolDefinition<?>> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    Collection<ToolDefinition<?>> all() {
        return tools.values();
    }
}
