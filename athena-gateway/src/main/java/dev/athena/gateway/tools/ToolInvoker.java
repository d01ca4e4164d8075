package dev.athena.gateway.tools;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.athena.memory.LogValues;
import dev.athena.memory.MemoryProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The one way a tool is executed, whichever face the call came through (REST or MCP): take a place within the tool's
 * limit per caller if it has one, bind and validate the parameters, check that the caller may act on the project
 * <em>before</em> the handler runs, run the handler, then record the {@code athena.tool.calls} timer and one log line
 * with tool, project, outcome and latency.
 */
@Component
public class ToolInvoker {

    private static final Logger log = LoggerFactory.getLogger(ToolInvoker.class);

    /** Bucket bounds of the latency histogram: a few fixed ones keep the series count per tool and outcome small. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
    };

    private static final String ALL_PROJECTS = "*";
    private static final String NO_PROJECT = "-";

    private final ToolRegistry registry;
    private final ToolParameterBinder binder;
    private final MeterRegistry meters;
    private final MemoryProperties memory;
    private final ToolCallRouting routing;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    ToolInvoker(
            ToolRegistry registry,
            ToolParameterBinder binder,
            MeterRegistry meters,
            MemoryProperties memory,
            ObjectProvider<ToolCallRouting> routing) {
        this.registry = registry;
        this.binder = binder;
        this.meters = meters;
        this.memory = memory;
        this.routing = routing.getIfAvailable(() -> ToolCallRouting.PRIMARY);
    }

    /** Executes a tool with a raw JSON body, as {@code POST /tools/{name}/execute} receives it. */
    public JsonNode execute(String name, byte[] body, Caller caller) {
        ToolDefinition<?> tool = tool(name);
        return run(tool, caller, () -> binder.bind(tool, body));
    }

    /** Executes a tool with already parsed parameters, as MCP's {@code tools/call} carries them. */
    public JsonNode execute(String name, JsonNode parameters, Caller caller) {
        ToolDefinition<?> tool = tool(name);
        return run(tool, caller, () -> binder.bind(tool, parameters));
    }

    private ToolDefinition<?> tool(String name) {
        return registry.find(name).orElseThrow(() -> new UnknownToolException(name));
    }

    private JsonNode run(ToolDefinition<?> tool, Caller caller, Supplier<Object> binding) {
        long start = System.nanoTime();
        ToolOutcome outcome = ToolOutcome.ERROR;
        String project = "-";
        try (ConcurrencyPerCaller.Permit permit = admit(tool, caller)) {
            Object parameters = binding.get();
            project = projectOf(parameters);
            authorize(tool, project, caller);
            Object value = routing.route(tool.name(), project, caller, () -> tool.invoke(parameters));
            JsonNode result = ToolParameterBinder.WIRE.valueToTree(value);
            outcome = ToolOutcome.SUCCESS;
            return result;
        } catch (RuntimeException e) {
            outcome = ToolOutcome.of(e);
            throw e;
        } finally {
            record(tool.name(), project, caller, outcome, System.nanoTime() - start);
        }
    }

    /** A place among the caller's calls of this tool, taken before anything is bound: a refusal must cost nothing. */
    private static ConcurrencyPerCaller.Permit admit(ToolDefinition<?> tool, Caller caller) {
        return tool.concurrencyPerCaller() == null
                ? ConcurrencyPerCaller.Permit.NONE
                : tool.concurrencyPerCaller().acquire(caller);
    }

    /**
     * The project a call acts on: the one it names, the default one when it names none, {@code -} for a tool that
     * touches no project, {@code *} for global tools. A malformed name is refused here, before it is logged or checked
     * against the caller's key.
     */
    private String projectOf(Object parameters) {
        if (parameters instanceof TouchesNoProject) {
            return NO_PROJECT;
        }
        if (parameters instanceof ProjectScoped scoped) {
            return memory.resolveProject(scoped.project());
        }
        return ALL_PROJECTS;
    }

    private static void authorize(ToolDefinition<?> tool, String project, Caller caller) {
        if (project.equals(NO_PROJECT)) {
            return;
        }
        if (project.equals(ALL_PROJECTS)) {
            if (!caller.allProjects()) {
                throw new ProjectAccessDeniedException(
                        "tool '" + tool.name() + "' is not limited to one project; it needs an API key bound to '*'");
            }
        } else if (!caller.mayAccess(project)) {
            throw new ProjectAccessDeniedException("this API key may not access project '" + project + "'");
        }
    }

    private void record(String tool, String project, Caller caller, ToolOutcome outcome, long nanos) {
        // Registering looks the meter up again (id, filters, tags) on every call; one lookup per tool and outcome is
        // enough.
        timers.computeIfAbsent(
                        tool + '\n' + outcome.tag(),
                        key -> Timer.builder("athena.tool.calls")
                                .description("Tool calls by tool and outcome")
                                .tag("tool", tool)
                                .tag("outcome", outcome.tag())
                                .serviceLevelObjectives(LATENCY_BUCKETS)
                                .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
        String latency = String.format(Locale.ROOT, "%.1f", nanos / 1e6);
        String loggedProject = LogValues.safe(project);
        log.atInfo()
                .setMessage("tool={} project={} outcome={} latency_ms={} key={}")
                .addArgument(tool)
                .addArgument(loggedProject)
                .addArgument(outcome.tag())
                .addArgument(latency)
                .addArgument(caller.keyFingerprint())
                .addKeyValue("tool", tool)
                .addKeyValue("project", loggedProject)
                .addKeyValue("outcome", outcome.tag())
                .addKeyValue("latency_ms", latency)
                .addKeyValue("key", caller.keyFingerprint())
                .log();
    }
}
