package dev.athena.gateway.replicas;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import dev.athena.gateway.tools.ToolCallRouting;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Read replicas, when {@code athena.datasource.replicas.nodes} lists one; otherwise none of this exists and the
 * application's DataSource is the primary's pool alone, untouched.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = ReplicaProperties.CONFIG_PREFIX + ".nodes[0]", name = "url")
@EnableConfigurationProperties(ReplicaProperties.class)
class ReplicaConfiguration {

    /** Where the primary inserts WAL now: a transaction committed before this call is behind it. */
    static final String PRIMARY_INSERT_POSITION = "SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint";
    /** Where the primary's WAL is flushed to: what a streaming replica can have received. */
    static final String PRIMARY_FLUSH_POSITION = "SELECT (pg_current_wal_flush_lsn() - '0/0'::pg_lsn)::bigint";

    /** Wraps the application's DataSource so that a read sent to a replica gets the replica's connections. */
    @Bean
    static BeanPostProcessor replicaRoutingDataSourcePostProcessor() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return "dataSource".equals(beanName)
                                && bean instanceof DataSource primary
                                && !(bean instanceof ReplicaRoutingDataSource)
                        ? new ReplicaRoutingDataSource(primary)
                        : bean;
            }
        };
    }

    @Bean(destroyMethod = "close")
    Replicas replicas(ReplicaProperties properties, Environment environment) {
        List<Replica> replicas = new ArrayList<>();
        for (int i = 0; i < properties.nodes().size(); i++) {
            ReplicaProperties.Node node = properties.nodes().get(i);
            String name = node.nameOr(i);
            String username =
                    node.username() != null ? node.username() : environment.getProperty("spring.datasource.username");
            String password =
                    node.password() != null ? node.password() : environment.getProperty("spring.datasource.password");
            replicas.add(Replica.open(
                    name, node.url(), username, password, properties.poolSize(), properties.connectTimeout()));
        }
        return new Replicas(replicas);
    }

    @Bean
    WritePositions replicaWritePositions(DataSource dataSource) {
        JdbcTemplate primary = new JdbcTemplate(dataSource);
        return new WritePositions(() -> primary.queryForObject(PRIMARY_INSERT_POSITION, Long.class));
    }

    @Bean
    ReplicaMetrics replicaMetrics(MeterRegistry meters, Replicas replicas) {
        return new ReplicaMetrics(meters, replicas.all());
    }

    @Bean
    ToolCallRouting replicaRouting(
            Replicas replicas, WritePositions writes, ReplicaMetrics metrics, ReplicaProperties properties) {
        return new ReplicaRouting(replicas.all(), writes, metrics, properties.readYourWritesWait());
    }

    @Bean(destroyMethod = "close")
    ReplicaChecks replicaChecks(
            Replicas replicas,
            DataSource dataSource,
            WritePositions writes,
            ReplicaProperties properties,
            Clock clock) {
        JdbcTemplate primary = new JdbcTemplate(dataSource);
        ReplicaMonitor monitor = new ReplicaMonitor(
                replicas.all(),
                () -> primary.queryForObject(PRIMARY_FLUSH_POSITION, Long.class),
                writes,
                properties,
                clock);
        return new ReplicaChecks(monitor, properties.checkInterval());
    }
}
