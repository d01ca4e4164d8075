package dev.athena.gateway.tools;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One tool, defined once and served by every face of the gateway: REST, MCP and the OpenAPI document.
 *
 * @param name        the tool's name in URLs and MCP, e.g. {@code remember}
 * @param description what the tool does, for humans and for LLMs choosing a tool
 * @param parameters  the record the JSON body binds to (snake_case names, unknown names rejected); its JSON Schema
 *                    is generated from it, Bean Validation constraints included
 * @param handler     does the work and returns the response body; it is given the caller, for limits per API key
 * @param example     a valid parameters object as JSON, shown in {@code GET /tools} and the docs, and executed by the
 *                    tests; {@code null} when the tool has none (a {@link ToolExample} bean can supply it)
 * @param <P>         the parameter record type
 */
public record ToolDefinition<P>(String name, String description, Class<P> parameters, BiFunction<P, Caller, ?> handler,
                                String example) {

    /** A tool whose work does not depend on who calls it (the invoker has checked the project already). */
    public ToolDefinition(String name, String description, Class<P> parameters, Function<P, ?> handler) {
        this(name, description, parameters, (bound, caller) -> handler.apply(bound), null);
    }

    /** A tool whose work depends on the caller, such as one that limits the calls of each API key. */
    public static <P> ToolDefinition<P> perCaller(String name, String description, Class<P> parameters,
                                                  BiFunction<P, Caller, ?> handler) {
        return new ToolDefinition<>(name, description, parameters, handler, null);
    }

    /** This tool with an example parameters object, as JSON. */
    public ToolDefinition<P> withExample(String exampleJson) {
        return new ToolDefinition<>(name, description, parameters, handler, exampleJson);
    }

    Object invoke(Object boundParameters, Caller caller) {
        return handler.apply(parameters.cast(boundParameters), caller);
    }
}
