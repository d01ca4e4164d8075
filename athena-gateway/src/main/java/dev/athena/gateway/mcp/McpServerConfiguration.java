package dev.athena.gateway.mcp;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.athena.gateway.GatewayProperties;
import dev.athena.gateway.tools.Caller;
import dev.athena.gateway.tools.ToolInvoker;
import dev.athena.gateway.tools.ToolRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * MCP over Streamable HTTP at {@code /mcp}: the SDK's servlet transport next to Spring MVC, serving every tool of the
 * registry through the same invoker as REST (same binding, validation, project check, metrics and logs). Claude Code
 * connects with {@code claude mcp add --transport http athena http://localhost:8000/mcp}. A guard in front of the
 * servlet binds each session to the API key that opened it and bounds sessions and messages ({@link McpProperties}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(McpProperties.class)
class McpServerConfiguration {

    static final String ENDPOINT = "/mcp";
    static final String CALLER = "athena.caller";
    /** After the API key filter (the caller) and the body limit filter (a bounded, buffered body). */
    static final int GUARD_ORDER = Ordered.HIGHEST_PRECEDENCE + 30;

    private static final String INSTRUCTIONS = "Athena is long-term memory. Call recall with a short query before "
            + "answering questions about the user, the project or earlier decisions; call remember to keep facts, "
            + "decisions, patterns and context worth knowing in a later session.";

    /**
     * The SDK writes its error answers by serialising an exception; without these properties a client would get the
     * Java stack trace. The guard answers the usual mistakes itself; this covers the rest.
     */
    @JsonIgnoreProperties({"stackTrace", "cause", "suppressed", "localizedMessage"})
    private interface ExceptionWithoutInternals {}

    private static final JsonMapper WITHOUT_EXCEPTION_INTERNALS = JsonMapper.builder()
            .addMixIn(Throwable.class, ExceptionWithoutInternals.class)
            .build();

    /** Browser origins allowed to call {@code /mcp}: the guard checks them first, the transport again. */
    @Bean
    DefaultServerTransportSecurityValidator mcpOriginValidator(GatewayProperties properties) {
        return DefaultServerTransportSecurityValidator.builder()
                .allowedOrigins(properties.mcpAllowedOrigins())
                .build();
    }

    @Bean
    HttpServletStreamableServerTransportProvider mcpTransport(
            GatewayProperties properties, McpProperties limits, DefaultServerTransportSecurityValidator origins) {
        return HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint(ENDPOINT)
                .jsonMapper(new JacksonMcpJsonMapper(WITHOUT_EXCEPTION_INTERNALS))
                .maxRequestSize((int)
                        Math.min(Integer.MAX_VALUE, properties.maxBodySize().toBytes()))
                // The guard refuses an idle session at once; the transport's own sweep frees its memory within one
                // more idle timeout when no new session came to close it sooner.
                .sessionSweepInterval(limits.idleTimeout())
                // The API key filter has already authenticated the request; each call carries its own caller.
                .contextExtractor(request -> McpTransportContext.create(Map.of(CALLER, Caller.of(request))))
                .httpHeaderValidator(origins)
                .build();
    }

    @Bean
    ServletRegistrationBean<HttpServletStreamableServerTransportProvider> mcpServlet(
            HttpServletStreamableServerTransportProvider transport) {
        ServletRegistrationBean<HttpServletStreamableServerTransportProvider> registration =
                new ServletRegistrationBean<>(transport, ENDPOINT);
        registration.setName("mcp");
        registration.setAsyncSupported(true);
        return registration;
    }

    @Bean
    McpSessions mcpSessions(McpProperties limits, Clock clock, MeterRegistry meters) {
        McpSessions sessions = new McpSessions(limits, clock);
        Gauge.builder("athena.mcp.sessions", sessions, McpSessions::size)
                .description("Open MCP sessions, all API keys together")
                .register(meters);
        return sessions;
    }

    @Bean
    FilterRegistrationBean<McpSessionGuard> mcpSessionGuard(
            McpSessions sessions,
            HttpServletStreamableServerTransportProvider transport,
            McpProperties limits,
            DefaultServerTransportSecurityValidator origins) {
        FilterRegistrationBean<McpSessionGuard> registration = new FilterRegistrationBean<>(
                new McpSessionGuard(sessions, new McpSessionCloser(transport), limits, origins));
        registration.addUrlPatterns(ENDPOINT);
        registration.setOrder(GUARD_ORDER);
        registration.setAsyncSupported(true);
        return registration;
    }

    @Bean(destroyMethod = "close")
    McpSyncServer mcpServer(
            HttpServletStreamableServerTransportProvider transport,
            ToolRegistry registry,
            ToolInvoker invoker,
            GatewayProperties properties) {
        McpTools tools = new McpTools(invoker, properties.retryAfter());
        List<SyncToolSpecification> specifications =
                registry.descriptions().stream().map(tools::specification).toList();
        String version = McpServerConfiguration.class.getPackage().getImplementationVersion();
        return McpServer.sync(transport)
                .serverInfo("athena", version == null ? "dev" : version)
                .instructions(INSTRUCTIONS)
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                // The invoker validates with the tool's own binder, so errors read the same as over REST.
                .validateToolInputs(false)
                // Run tools on the request thread (virtual on Java 21+), not on a Reactor scheduler.
                .immediateExecution(true)
                .tools(specifications)
                .build();
    }
}
