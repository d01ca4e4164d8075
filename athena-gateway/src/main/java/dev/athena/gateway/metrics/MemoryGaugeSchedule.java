package dev.athena.gateway.metrics;

import dev.athena.gateway.GatewayProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Refreshes the memory gauges every {@code athena.gateway.metrics-refresh}; the work is in {@link MemoryGauges}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class MemoryGaugeSchedule implements SchedulingConfigurer {

    private final MemoryGauges gauges;
    private final GatewayProperties properties;

    MemoryGaugeSchedule(MemoryGauges gauges, GatewayProperties properties) {
        this.gauges = gauges;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(gauges::refresh, properties.metricsRefresh());
    }
}
