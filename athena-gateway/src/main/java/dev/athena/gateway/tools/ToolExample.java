package dev.athena.gateway.tools;

/**
 * An example parameters object for a tool defined elsewhere, declared as a bean; the registry attaches it to the tool
 * named {@code tool}. Tools that can carry their own use {@link ToolDefinition#withExample(String)} instead.
 *
 * @param tool       the tool's name
 * @param parameters a valid parameters object as JSON
 */
public record ToolExample(String tool, String parameters) {
}
