package dev.athena.gateway.tools;

import java.util.function.Supplier;

/**
 * Where the statements of a tool's handler go. {@link ToolInvoker} runs every handler through this, after the caller is
 * authorized for the project; read replicas ({@code dev.athena.gateway.replicas}) plug in here. Without them the
 * handler simply runs, on the one database.
 */
@FunctionalInterface
public interface ToolCallRouting {

    /** Every handler on the primary database: the gateway without read replicas. */
    ToolCallRouting PRIMARY = (tool, project, caller, handler) -> handler.get();

    /**
     * Runs {@code handler} and returns what it returns.
     *
     * @param tool the tool's name
     * @param project the project the call acts on, {@code *} for every project, {@code -} for none
     * @param caller who calls
     */
    Object route(String tool, String project, Caller caller, Supplier<Object> handler);
}
