package dev.athena.gateway.tools;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The tools over REST: {@code GET /tools} lists them with their JSON Schemas, {@code GET /tools/{name}} describes one,
 * {@code POST /tools/{name}/execute} runs one with its parameters as the JSON body.
 */
@RestController
class ToolController {

    /** The body of {@code GET /tools}. */
    record ToolList(List<ToolDescription> tools) {}

    private final ToolRegistry registry;
    private final ToolInvoker invoker;

    ToolController(ToolRegistry registry, ToolInvoker invoker) {
        this.registry = registry;
        this.invoker = invoker;
    }

    @GetMapping(path = "/tools", produces = MediaType.APPLICATION_JSON_VALUE)
    ToolList list() {
        return new ToolList(registry.descriptions());
    }

    @GetMapping(path = "/tools/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    ToolDescription describe(@PathVariable String name) {
        return registry.description(name).orElseThrow(() -> new UnknownToolException(name));
    }

    @PostMapping(
            path = "/tools/{name}/execute",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode execute(
            @PathVariable String name, @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        return invoker.execute(name, body, Caller.of(request));
    }
}
