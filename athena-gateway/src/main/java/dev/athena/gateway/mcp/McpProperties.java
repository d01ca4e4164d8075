package dev.athena.gateway.mcp;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the MCP endpoint, under {@code athena.mcp}. Every session is bound to the API key that opened it and kept
 * in memory, so their number and size are bounded here.
 *
 * @param idleTimeout a session no request has used for this long is closed; its id then answers 404 and the client
 *     initializes again (MCP clients do that on their own)
 * @param maxSessionsPerKey sessions one API key may hold (in open mode: all callers together); opening one more closes
 *     that key's least recently used idle session, and is a 429 when all of them are busy
 * @param maxSessions sessions of all keys together; opening one more closes the least recently used idle session of any
 *     key, and is a 503 when all of them are busy
 * @param maxMessageSize largest MCP message other than {@code tools/call} (whose arguments the tools bound, within
 *     {@code athena.gateway.max-body-size}); what {@code initialize} sends is kept per session
 * @param maxClientInfoSize largest {@code clientInfo} of an {@code initialize}, as JSON
 * @param maxFieldLength longest text, name or value, anywhere in an MCP message outside a tool's arguments
 */
@ConfigurationProperties(McpProperties.CONFIG_PREFIX)
public record McpProperties(
        @DefaultValue(DEFAULT_IDLE_TIMEOUT) Duration idleTimeout,
        @DefaultValue("" + DEFAULT_MAX_SESSIONS_PER_KEY) int maxSessionsPerKey,
        @DefaultValue("" + DEFAULT_MAX_SESSIONS) int maxSessions,
        @DefaultValue(DEFAULT_MAX_MESSAGE_SIZE) DataSize maxMessageSize,
        @DefaultValue(DEFAULT_MAX_CLIENT_INFO_SIZE) DataSize maxClientInfoSize,
        @DefaultValue("" + DEFAULT_MAX_FIELD_LENGTH) int maxFieldLength) {

    public static final String CONFIG_PREFIX = "athena.mcp";
    public static final String DEFAULT_IDLE_TIMEOUT = "30m";
    public static final int DEFAULT_MAX_SESSIONS_PER_KEY = 32;
    public static final int DEFAULT_MAX_SESSIONS = 512;
    public static final String DEFAULT_MAX_MESSAGE_SIZE = "16KB";
    public static final String DEFAULT_MAX_CLIENT_INFO_SIZE = "1KB";
    public static final int DEFAULT_MAX_FIELD_LENGTH = 256;

    public McpProperties {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException(CONFIG_PREFIX + ".idle-timeout must be positive, was " + idleTimeout);
        }
        if (maxSessionsPerKey < 1 || maxSessions < maxSessionsPerKey) {
            throw new IllegalArgumentException(CONFIG_PREFIX + ".max-sessions-per-key must be at least 1 and at most "
                    + CONFIG_PREFIX + ".max-sessions, were " + maxSessionsPerKey + " and " + maxSessions);
        }
        if (maxFieldLength < 64) {
            throw new IllegalArgumentException(
                    CONFIG_PREFIX + ".max-field-length must be at least 64, was " + maxFieldLength);
        }
    }
}
