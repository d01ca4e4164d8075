package dev.athena.gateway.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

import dev.athena.gateway.tools.Caller;
import dev.athena.gateway.tools.ToolCallRouting;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class ReplicaConfigurationTests {

    /** Nothing listens on port 1: connections are refused at once. */
    private static final String NOWHERE = "jdbc:postgresql://127.0.0.1:1/athena";

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(ReplicaConfiguration.class)
            .withBean("dataSource", DataSource.class, () -> new DriverManagerDataSource(NOWHERE, "athena", "athena"))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(Clock.class, Clock::systemUTC);

    @Test
    void withoutReplicasTheDataSourceIsUntouchedAndNoRoutingExists() {
        context.run(app -> {
            assertThat(app.getBean(DataSource.class)).isInstanceOf(DriverManagerDataSource.class);
            assertThat(app).doesNotHaveBean(ToolCallRouting.class).doesNotHaveBean(Replicas.class);
        });
    }

    @Test
    void aBadSettingStopsTheStartNamingIt() {
        context.withPropertyValues(
                        "athena.datasource.replicas.nodes[0].url=" + NOWHERE,
                        "athena.datasource.replicas.nodes[1].url=" + NOWHERE,
                        "athena.datasource.replicas.nodes[1].name=1")
                .run(app -> assertThat(app)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("nodes[1].name '1' is taken by another replica"));
        context.withPropertyValues(
                        "athena.datasource.replicas.nodes[0].url=" + NOWHERE,
                        "athena.datasource.replicas.check-interval=0s")
                .run(app -> assertThat(app)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("check-interval must be positive"));
    }

    @Test
    void aListedReplicaWrapsTheDataSourceAndADownOneSendsReadsToThePrimary() {
        context.withPropertyValues(
                        "athena.datasource.replicas.nodes[0].url=" + NOWHERE,
                        "athena.datasource.replicas.nodes[0].name=eu-west",
                        "athena.datasource.replicas.check-interval=50ms",
                        "athena.datasource.replicas.connect-timeout=250ms")
                .run(app -> {
                    assertThat(app.getBean(DataSource.class)).isInstanceOf(ReplicaRoutingDataSource.class);
                    Replicas replicas = app.getBean(Replicas.class);
                    await().atMost(Duration.ofSeconds(10))
                            .until(() ->
                                    replicas.states().get("eu-west").detail().startsWith("unreachable"));
                    assertThat(replicas.states().get("eu-west").status()).isEqualTo(ReplicaState.Status.DOWN);

                    Object target = app.getBean(ToolCallRouting.class)
                            .route("get_memory", "alpha", Caller.ANONYMOUS, ReadTarget::current);

                    assertThat(target)
                            .as("a read with no usable replica runs on the primary")
                            .isNull();
                    MeterRegistry meters = app.getBean(MeterRegistry.class);
                    assertThat(meters.get("athena.replica.fallbacks")
                                    .tag("reason", "down")
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(meters.get("athena.replica.reads")
                                    .tag("target", "primary")
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(meters.get("athena.replica.lag")
                                    .tag("replica", "eu-west")
                                    .gauge()
                                    .value())
                            .isNaN();
                });
    }
}
