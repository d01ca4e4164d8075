package dev.athena.gateway.console;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import org.springframework.stereotype.Component;

/**
 * Recall latency as the application's own {@code athena.tool.calls} timer saw it (successful calls, REST and MCP): the
 * call count and mean since start, the longest call of the last few minutes (Micrometer's decaying max) and the median
 * and 95th percentile read from the timer's fixed buckets (an upper bound: the bucket the percentile falls in).
 */
@Component
class RecallLatency {

    static final String TIMER = "athena.tool.calls";

    /** @param p50UpToMs upper bound of the bucket holding the median; null when past the last bucket or no call yet */
    record Summary(long calls, double meanMs, double recentMaxMs, Double p50UpToMs, Double p95UpToMs) {}

    private final MeterRegistry meters;

    RecallLatency(MeterRegistry meters) {
        this.meters = meters;
    }

    Summary summary() {
        Collection<Timer> timers = meters.find(TIMER)
                .tag("tool", "recall")
                .tag("outcome", "success")
                .timers();
        long calls = 0;
        double totalMs = 0;
        double maxMs = 0;
        double[] bounds = null;
        double[] cumulative = null;
        for (Timer timer : timers) {
            HistogramSnapshot snapshot = timer.takeSnapshot();
            calls += snapshot.count();
            totalMs += snapshot.total(TimeUnit.MILLISECONDS);
            maxMs = Math.max(maxMs, snapshot.max(TimeUnit.MILLISECONDS));
            CountAtBucket[] buckets = snapshot.histogramCounts();
            if (bounds == null) {
                bounds = new double[buckets.length];
                cumulative = new double[buckets.length];
            }
            for (int i = 0; i < buckets.length && i < bounds.length; i++) {
                bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
                cumulative[i] += buckets[i].count();
            }
        }
        double mean = calls == 0 ? 0 : totalMs / calls;
        return new Summary(
                calls,
                mean,
                maxMs,
                upperBound(bounds, cumulative, calls, 0.5),
                upperBound(bounds, cumulative, calls, 0.95));
    }

    private static Double upperBound(double[] bounds, double[] cumulative, long calls, double quantile) {
        if (bounds == null || calls == 0) {
            return null;
        }
        for (int i = 0; i < bounds.length; i++) {
            if (cumulative[i] >= quantile * calls) {
                return bounds[i];
            }
        }
        return null;
    }
}
