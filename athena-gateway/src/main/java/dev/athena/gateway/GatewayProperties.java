package dev.athena.gateway;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the gateway, under {@code athena.gateway}.
 *
 * @param apiKeys API keys, each {@code key:project|project} or {@code key:*} (every project); none (the default) turns
 *     authentication off. {@code ATHENA_API_KEYS} fills it, comma-separated
 * @param maxBodySize largest request body accepted; larger ones are refused with 413 before anything is read into a
 *     tool. A {@code remember_batch} of 1,000 memories of about 4 KB fits the default
 * @param bodyReadTimeout how long a request body may take to arrive, all of it; slower is 408 and the connection is
 *     closed. Keeps clients that trickle a body from holding worker threads
 * @param maxConcurrentRequests requests that may occupy a server thread at once (health checks excepted); more are 503
 *     at once. Keep it below {@code server.tomcat.threads.max} (200) so that health checks always find a thread
 * @param retryAfter what the {@code Retry-After} header of a 503 (database unavailable) suggests
 * @param metricsRefresh how often the memory count and embedding backlog gauges are recomputed (one query each)
 * @param mcpAllowedOrigins browser origins allowed to call {@code /mcp} (requests without an {@code Origin} header,
 *     such as Claude Code's, always are); guards against DNS rebinding. {@code :*} matches any port. In open mode (no
 *     API keys) REST requests made by a browser are held to the same list
 * @param allowedHosts host names a browser request may address in open mode (the {@code Host} header, without port); a
 *     page that rebinds its own name onto Athena's address sends its name and is refused
 */
@ConfigurationProperties(GatewayProperties.CONFIG_PREFIX)
public record GatewayProperties(
        @DefaultValue List<String> apiKeys,
        @DefaultValue(DEFAULT_MAX_BODY_SIZE) DataSize maxBodySize,
        @DefaultValue(DEFAULT_BODY_READ_TIMEOUT) Duration bodyReadTimeout,
        @DefaultValue(DEFAULT_MAX_CONCURRENT_REQUESTS) int maxConcurrentRequests,
        @DefaultValue(DEFAULT_RETRY_AFTER) Duration retryAfter,
        @DefaultValue(DEFAULT_METRICS_REFRESH) Duration metricsRefresh,

        @DefaultValue({"http://localhost:*", "http://127.0.0.1:*"})
        List<String> mcpAllowedOrigins,

        @DefaultValue({"localhost", "127.0.0.1", "[::1]", "::1"})
        List<String> allowedHosts) {

    public static final String CONFIG_PREFIX = "athena.gateway";
    public static final String DEFAULT_MAX_BODY_SIZE = "4MB";
    public static final String DEFAULT_BODY_READ_TIMEOUT = "20s";
    public static final String DEFAULT_MAX_CONCURRENT_REQUESTS = "160";
    public static final String DEFAULT_RETRY_AFTER = "5s";
    public static final String DEFAULT_METRICS_REFRESH = "30s";
}
