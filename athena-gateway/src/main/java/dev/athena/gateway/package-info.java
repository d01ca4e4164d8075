/**
 * The Athena application's front door: every memory tool, defined once, served over REST ({@code /tools}), over MCP
 * (Streamable HTTP at {@code /mcp}) and in the OpenAPI document, behind API keys; plus health and metrics. It only
 * translates between the wire and the modules below it.
 */
package dev.athena.gateway;
