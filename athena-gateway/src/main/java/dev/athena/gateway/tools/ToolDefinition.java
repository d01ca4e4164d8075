package dev.athena.gateway.tools;

import java.util.function.Function;

/**
 * One tool, defined once and served by every face of the gateway.
 *
 * @param name        the tool's name in URLs, e.g. {@code remember}
 * @param description what the tool does, for humans and for LLMs choosing a tool
 * @param parameters  the record the JSON body binds to (snake_case names, unknown names rejected)
 * @param handler     does the work and returns the response body
 * @param <P>         the parameter record type
 */
public record ToolDefinition<P>(String name, String description, Class<P> parameters, Function<P, ?> handler) {

    Object invoke(Object boundParameters) {
        return handler.apply(parameters.cast(boundParameters));
    }
}
