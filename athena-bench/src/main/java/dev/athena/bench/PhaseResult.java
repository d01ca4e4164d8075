package dev.athena.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What one measured phase did: requests, errors, throughput, latency per operation and CPU per request. */
record PhaseResult(
        String name,
        int concurrency,
        double seconds,
        long requests,
        long errors,
        double throughput,
        double memoriesPerSecond,
        List<Latency> latencies,
        double athenaCpuMs,
        double postgresCpuMs,
        double clientCpuMs) {

    static PhaseResult of(
            String name,
            int concurrency,
            Duration length,
            List<String> operations,
            List<Recorder> recorders,
            int memoriesPerCall,
            CpuTime cpu) {
        List<Latency> latencies = new ArrayList<>();
        long requests = 0;
        long remembered = 0;
        for (int op = 0; op < operations.size(); op++) {
            long[] sorted = Recorder.merge(recorders, op);
            latencies.add(Latency.of(operations.get(op), sorted));
            requests += sorted.length;
            if (operations.get(op).startsWith(Tools.REMEMBER)) {
                remembered += (long) sorted.length * memoriesPerCall;
            }
        }
        long errors = recorders.stream().mapToLong(Recorder::errors).sum();
        double seconds = length.toNanos() / 1e9;
        double perRequest = Math.max(requests, 1);
        return new PhaseResult(
                name,
                concurrency,
                seconds,
                requests,
                errors,
                requests / seconds,
                remembered / seconds,
                latencies,
                cpu.athenaMs() / perRequest,
                cpu.postgresMs() / perRequest,
                cpu.clientMs() / perRequest);
    }

    Latency latency(String operation) {
        return latencies.stream()
                .filter(l -> l.operation().equals(operation))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("phase " + name + " has no operation " + operation));
    }
}
