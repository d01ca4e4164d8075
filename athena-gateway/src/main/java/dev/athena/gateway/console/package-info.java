/**
 * The memory console at {@code /console}: a static page that drives the tools over {@code /tools/{name}/execute}, and
 * the few read-only answers the tools do not give (the caller's projects, memory counts, recall latency, a pattern's
 * events), behind the same API keys.
 */
package dev.athena.gateway.console;
