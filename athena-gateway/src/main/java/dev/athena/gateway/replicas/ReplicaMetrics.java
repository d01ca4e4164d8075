package dev.athena.gateway.replicas;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code athena.replica.lag} (seconds, per replica; NaN while unknown or down), {@code athena.replica.reads} (reads of
 * the read tools by the database that answered them: {@code primary} or a replica's name) and
 * {@code athena.replica.fallbacks} (reads that could have gone to a replica but went to the primary, by reason).
 */
final class ReplicaMetrics {

    static final String PRIMARY = "primary";

    private final MeterRegistry meters;
    private final Map<String, Counter> reads = new ConcurrentHashMap<>();
    private final Map<Fallback, Counter> fallbacks = new EnumMap<>(Fallback.class);

    ReplicaMetrics(MeterRegistry meters, List<Replica> replicas) {
        this.meters = meters;
        for (Replica replica : replicas) {
            Gauge.builder("athena.replica.lag", replica, ReplicaMetrics::lagSeconds)
                    .description("How far the read replica is behind the primary at most")
                    .baseUnit("seconds")
                    .tag("replica", replica.name())
                    .register(meters);
            reads(replica.name());
        }
        reads(PRIMARY);
        for (Fallback reason : Fallback.values()) {
            fallbacks.put(
                    reason,
                    Counter.builder("athena.replica.fallbacks")
                            .description("Reads of the read tools sent to the primary instead of a replica, by reason")
                            .tag("reason", reason.tag())
                            .register(meters));
        }
    }

    void read(String target) {
        reads(target).increment();
    }

    void fallback(Fallback reason) {
        fallbacks.get(reason).increment();
    }

    private Counter reads(String target) {
        return reads.computeIfAbsent(
                target,
                name -> Counter.builder("athena.replica.reads")
                        .description("Reads of the read tools by the database that answered them")
                        .tag("target", name)
                        .register(meters));
    }

    private static double lagSeconds(Replica replica) {
        ReplicaState state = replica.state();
        return state.lag() == null || state.status() == ReplicaState.Status.DOWN
                ? Double.NaN
                : state.lag().toNanos() / 1e9;
    }
}
