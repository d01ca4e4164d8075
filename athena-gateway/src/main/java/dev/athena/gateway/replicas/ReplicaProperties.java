package dev.athena.gateway.replicas;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Read replicas, under {@code athena.datasource.replicas}. None are configured by default, and then every statement
 * goes to {@code spring.datasource} as before.
 *
 * @param nodes the replicas: PostgreSQL hot standbys streaming from the primary
 * @param maxLag a replica further behind the primary than this is skipped (health: {@code degraded}); callers that did
 *     not write the project through this gateway may read data this old, plus one {@code check-interval}
 * @param readYourWritesWait how long a read waits for a replica to replay the caller's last write before it goes to the
 *     primary instead
 * @param checkInterval how often each replica's replay position and lag are measured
 * @param poolSize connections per replica
 * @param connectTimeout how long a read waits for a replica connection (and a new connection to open) before that
 *     replica counts as down and the read goes to the primary
 */
@ConfigurationProperties(ReplicaProperties.CONFIG_PREFIX)
public record ReplicaProperties(
        @DefaultValue List<Node> nodes,
        @DefaultValue(DEFAULT_MAX_LAG) Duration maxLag,
        @DefaultValue(DEFAULT_READ_YOUR_WRITES_WAIT) Duration readYourWritesWait,
        @DefaultValue(DEFAULT_CHECK_INTERVAL) Duration checkInterval,
        @DefaultValue(DEFAULT_POOL_SIZE) int poolSize,
        @DefaultValue(DEFAULT_CONNECT_TIMEOUT) Duration connectTimeout) {

    public static final String CONFIG_PREFIX = "athena.datasource.replicas";
    public static final String DEFAULT_MAX_LAG = "5s";
    public static final String DEFAULT_READ_YOUR_WRITES_WAIT = "100ms";
    public static final String DEFAULT_CHECK_INTERVAL = "1s";
    public static final String DEFAULT_POOL_SIZE = "8";
    public static final String DEFAULT_CONNECT_TIMEOUT = "1s";

    public ReplicaProperties {
        nodes = List.copyOf(nodes);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (node.url() == null || node.url().isBlank()) {
                throw new IllegalArgumentException(
                        "nodes[" + i + "].url must be a JDBC URL, e.g. jdbc:postgresql://db-replica:5432/athena");
            }
            if (!names.add(node.nameOr(i))) {
                throw new IllegalArgumentException("nodes[" + i + "].name '" + node.nameOr(i) + "' is taken by another "
                        + "replica: names tell them apart in /health and the metrics");
            }
        }
        requirePositive("max-lag", maxLag);
        requirePositive("check-interval", checkInterval);
        requirePositive("connect-timeout", connectTimeout);
        if (readYourWritesWait.isNegative()) {
            throw new IllegalArgumentException("read-your-writes-wait must not be negative, was " + readYourWritesWait);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool-size must be at least 1, was " + poolSize);
        }
    }

    private static void requirePositive(String property, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(property + " must be positive, was " + value);
        }
    }

    /**
     * One replica.
     *
     * @param name its name in health, metrics and logs; {@code replica-1}, {@code replica-2}, ... by position when not
     *     set
     * @param url its JDBC URL, e.g. {@code jdbc:postgresql://10.0.0.12:5432/athena}
     * @param username the user; {@code spring.datasource.username} when not set
     * @param password the password; {@code spring.datasource.password} when not set
     */
    public record Node(
            @Nullable String name,
            String url,
            @Nullable String username,
            @Nullable String password) {

        /** Its name, or its position from 1 when it has none. */
        String nameOr(int index) {
            return name == null || name.isBlank() ? Integer.toString(index + 1) : name;
        }
    }
}
