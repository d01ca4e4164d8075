package dev.athena.gateway.tools;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One tool, defined once and served by every face of the gateway: REST, MCP and the OpenAPI document.
 *
 * @param name        the tool's name in URLs and MCP, e.g. {@code remember}
 * @param description what the tool does, for humans and for LLMs choosing a tool
 * @param parameters  the record the JSON body binds to (snake_case names, unknown names rejected); its JSON Schema
 *                    is generated from it, Bean Validation constraints included
 * @param handler     does the work and returns the response body
 * @param example     a valid parameters object as JSON, shown in {@code GET /tools} and the docs, and executed by the
 *                    tests; {@code null} when the tool has none (a {@link ToolExample} bean can supply it)
 * @param concurrencyPerCaller calls of one API key allowed at a time, checked before the body is even bound, so a
 *                    refused call costs next to nothing; {@code null} for no such limit
 * @param <P>         the parameter record type
 */
public record ToolDefinition<P>(String name, String description, Class<P> parameters, Function<P, ?> handler,
                                @Nullable String example, @Nullable ConcurrencyPerCaller concurrencyPerCaller) {

    public ToolDefinition(String name, String description, Class<P> parameters, Function<P, ?> handler) {
        this(name, description, parameters, handler, null, null);
    }

    /** This tool with an example parameters object, as JSON. */
    public ToolDefinition<P> withExample(String exampleJson) {
        return new ToolDefinition<>(name, description, parameters, handler, exampleJson, concurrencyPerCaller);
    }

    /** This tool, allowing each API key at most {@code limit} calls at a time. */
    public ToolDefinition<P> withConcurrencyPerCaller(ConcurrencyPerCaller limit) {
        return new ToolDefinition<>(name, description, parameters, handler, example, limit);
    }

    Object invoke(Object boundParameters) {
        return handler.apply(parameters.cast(boundParameters));
    }
}
