package dev.athena.gateway.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One tool, defined once and served by every face of the gateway: REST, MCP and the OpenAPI document.
 *
 * @param name the tool's name in URLs and MCP, e.g. {@code remember}
 * @param description what the tool does, for humans and for LLMs choosing a tool
 * @param parameters the record the JSON body binds to (snake_case names, unknown names rejected); its JSON Schema is
 *     generated from it, Bean Validation constraints, enums and {@link Default}s included
 * @param handler does the work and returns the response body
 * @param example a valid parameters object as JSON, shown in {@code GET /tools} and the docs, and executed by the
 *     tests; {@code null} when the tool has none
 * @param concurrencyPerCaller calls of one API key allowed at a time, checked before the body is even bound, so a
 *     refused call costs next to nothing; {@code null} for no such limit
 * @param effect what a call does to the stored data, published to clients (MCP's {@code readOnlyHint} and
 *     {@code destructiveHint}) so that they can tell which calls are safe to make freely
 * @param configuredBounds bounds that are settings rather than constants, added to the generated schema
 * @param <P> the parameter record type
 */
public record ToolDefinition<P>(
        String name,
        String description,
        Class<P> parameters,
        Function<P, ?> handler,
        @Nullable String example,
        @Nullable ConcurrencyPerCaller concurrencyPerCaller,
        Effect effect,
        List<ConfiguredBound> configuredBounds) {

    /**
     * A bound of a top-level parameter that comes from configuration, so Bean Validation cannot declare it: the tool
     * (or the service) checks it, the schema states it.
     *
     * @param parameter the parameter's wire name, e.g. {@code items}
     * @param keyword the JSON Schema keyword, e.g. {@code maxItems}
     * @param value the configured bound
     */
    public record ConfiguredBound(String parameter, String keyword, long value) {}

    /** What a call of the tool does to the stored data. */
    public enum Effect {
        /** Changes nothing a client can see (access statistics aside). */
        READ_ONLY,
        /** Adds to the data or replaces it in a way history keeps; nothing is lost. */
        WRITES,
        /** Removes data from what is recalled, or erases it for good. */
        DESTRUCTIVE
    }

    /** A tool that writes (the {@link Effect#WRITES} default), with no example and no limit per caller. */
    public ToolDefinition(String name, String description, Class<P> parameters, Function<P, ?> handler) {
        this(name, description, parameters, handler, null, null, Effect.WRITES, List.of());
    }

    /** This tool with an example parameters object, as JSON. */
    public ToolDefinition<P> withExample(String exampleJson) {
        return new ToolDefinition<>(
                name, description, parameters, handler, exampleJson, concurrencyPerCaller, effect, configuredBounds);
    }

    /** This tool, allowing each API key at most {@code limit} calls at a time. */
    public ToolDefinition<P> withConcurrencyPerCaller(ConcurrencyPerCaller limit) {
        return new ToolDefinition<>(name, description, parameters, handler, example, limit, effect, configuredBounds);
    }

    /** This tool, doing {@code newEffect} to the stored data. */
    public ToolDefinition<P> withEffect(Effect newEffect) {
        return new ToolDefinition<>(
                name, description, parameters, handler, example, concurrencyPerCaller, newEffect, configuredBounds);
    }

    /** This tool, its schema stating {@code keyword: value} for {@code parameter}, a bound set by configuration. */
    public ToolDefinition<P> withConfiguredBound(String parameter, String keyword, long value) {
        List<ConfiguredBound> bounds = new ArrayList<>(configuredBounds);
        bounds.add(new ConfiguredBound(parameter, keyword, value));
        return new ToolDefinition<>(
                name, description, parameters, handler, example, concurrencyPerCaller, effect, List.copyOf(bounds));
    }

    /** Whether a call leaves the stored data as it was. */
    public boolean readOnly() {
        return effect == Effect.READ_ONLY;
    }

    /** Whether a call may remove data from what is recalled or erase it. */
    public boolean destructive() {
        return effect == Effect.DESTRUCTIVE;
    }

    Object invoke(Object boundParameters) {
        return handler.apply(parameters.cast(boundParameters));
    }
}
