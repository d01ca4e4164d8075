package dev.athena.gateway.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * What {@code GET /tools} and MCP's {@code tools/list} say about a tool.
 *
 * @param name the tool's name
 * @param description what it does
 * @param inputSchema the JSON Schema (2020-12) of its parameters object: every enum, bound and default
 * @param example a valid parameters object, when the tool has one
 * @param readOnly whether a call leaves the stored data as it was
 * @param destructive whether a call may remove data from what is recalled or erase it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolDescription(
        String name,
        String description,
        JsonNode inputSchema,
        JsonNode example,
        boolean readOnly,
        boolean destructive) {}
