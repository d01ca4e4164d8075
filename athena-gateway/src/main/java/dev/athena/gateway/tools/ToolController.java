package dev.athena.gateway.tools;

import java.util.concurrent.TimeUnit;

import dev.athena.memory.MemoryValidationException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code POST /tools/{name}/execute}: the tool's parameters as the JSON body, its result as the response. */
@RestController
class ToolController {

    private static final Logger log = LoggerFactory.getLogger(ToolController.class);

    private final ToolRegistry registry;
    private final ToolParameterBinder binder;
    private final MeterRegistry meters;

    ToolController(ToolRegistry registry, ToolParameterBinder binder, MeterRegistry meters) {
        this.registry = registry;
        this.binder = binder;
        this.meters = meters;
    }

    @PostMapping(path = "/tools/{name}/execute", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode execute(@PathVariable String name, @RequestBody(required = false) byte[] body) {
        ToolDefinition<?> tool = registry.find(name).orElseThrow(() -> new UnknownToolException(name));
        long start = System.nanoTime();
        String outcome = "error";
        String project = null;
        try {
            Object parameters = binder.bind(tool, body);
            if (parameters instanceof ProjectScoped scoped) {
                project = scoped.project();
            }
            JsonNode result = ToolParameterBinder.WIRE.valueToTree(tool.invoke(parameters));
            outcome = "success";
            return result;
        } catch (InvalidParametersException | MemoryValidationException e) {
            outcome = "invalid";
            throw e;
        } finally {
            long nanos = System.nanoTime() - start;
            Timer.builder("athena.tool.calls").description("Tool calls by tool and outcome")
                    .tag("tool", name).tag("outcome", outcome).publishPercentileHistogram()
                    .register(meters).record(nanos, TimeUnit.NANOSECONDS);
            log.info("tool={} project={} outcome={} latency_ms={}", name, project == null ? "default" : project, outcome,
                    String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6));
        }
    }
}
