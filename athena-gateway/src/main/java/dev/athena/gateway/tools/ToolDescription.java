package dev.athena.gateway.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * What {@code GET /tools} and MCP's {@code tools/list} say about a tool.
 *
 * @param name        the tool's name
 * @param description what it does
 * @param inputSchema the JSON Schema (2020-12) of its parameters object
 * @param example     a valid parameters object, when the tool has one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolDescription(String name, String description, JsonNode inputSchema, JsonNode example) {
}
