package dev.athena.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tool soak's report: a row per window (calls, calls/s, errors, p50, p99, max), a row per tool, the drift of p50
 * and p99 from the first window with calls to the last, Athena's heap and threads before and after, and the totals; as
 * Markdown tables on standard output and as JSON. The layout is the one docs/operations.md shows.
 */
record ToolSoakReport(
        Setup setup,
        List<WindowRow> windows,
        List<ToolRow> tools,
        Drift drift,
        AthenaMetrics.Snapshot before,
        AthenaMetrics.Snapshot after,
        long calls,
        long errors,
        double elapsedSeconds,
        List<String> errorSamples) {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    record Setup(String url, String project, int clients, double durationSeconds, double windowSeconds) {}

    @JsonPropertyOrder({"window", "from_s", "to_s", "calls", "errors", "p50_ms", "p99_ms", "max_ms"})
    record WindowRow(
            int window,
            @JsonProperty("from_s") double fromSeconds,
            @JsonProperty("to_s") double toSeconds,
            long calls,
            long errors,
            @JsonProperty("p50_ms") Double p50,
            @JsonProperty("p99_ms") Double p99,
            @JsonProperty("max_ms") Double max) {

        static WindowRow of(int window, double fromSeconds, double toSeconds, Latency all, long errors) {
            return new WindowRow(
                    window,
                    round1(fromSeconds),
                    round1(toSeconds),
                    all.count(),
                    errors,
                    round2(all.p50()),
                    round2(all.p99()),
                    round2(all.max()));
        }
    }

    @JsonPropertyOrder({"tool", "calls", "errors", "p50_ms", "p95_ms", "p99_ms"})
    record ToolRow(
            String tool,
            long calls,
            long errors,
            @JsonProperty("p50_ms") Double p50,
            @JsonProperty("p95_ms") Double p95,
            @JsonProperty("p99_ms") Double p99) {

        static ToolRow of(Latency latency, long errors) {
            return new ToolRow(
                    latency.operation(),
                    latency.count(),
                    errors,
                    round2(latency.p50()),
                    round2(latency.p95()),
                    round2(latency.p99()));
        }
    }

    @JsonPropertyOrder({"p50_first_ms", "p50_last_ms", "p50_ratio", "p99_first_ms", "p99_last_ms", "p99_ratio"})
    record Drift(
            @JsonProperty("p50_first_ms") double p50First,
            @JsonProperty("p50_last_ms") double p50Last,
            @JsonProperty("p50_ratio") Double p50Ratio,
            @JsonProperty("p99_first_ms") double p99First,
            @JsonProperty("p99_last_ms") double p99Last,
            @JsonProperty("p99_ratio") Double p99Ratio) {

        /** From the first window with calls to the last; null with fewer than two such windows. */
        static Drift of(List<WindowRow> windows) {
            List<WindowRow> measured =
                    windows.stream().filter(w -> w.calls() > 0).toList();
            if (measured.size() < 2) {
                return null;
            }
            WindowRow first = measured.get(0);
            WindowRow last = measured.get(measured.size() - 1);
            return new Drift(
                    first.p50(),
                    last.p50(),
                    ratio(last.p50(), first.p50()),
                    first.p99(),
                    last.p99(),
                    ratio(last.p99(), first.p99()));
        }

        private static Double ratio(double last, double first) {
            return first > 0 ? round2(last / first) : null;
        }
    }

    String text() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "soak: %d clients, %.0f s against %s, project %s",
                setup.clients(),
                setup.durationSeconds(),
                setup.url(),
                setup.project()));
        lines.add("");
        lines.add("| window | from-to (s) | calls | calls/s | errors | p50 (ms) | p99 (ms) | max (ms) |");
        lines.add("|---:|---|---:|---:|---:|---:|---:|---:|");
        for (WindowRow w : windows) {
            double span = Math.max(0.001, w.toSeconds() - w.fromSeconds());
            lines.add(String.format(
                    Locale.ROOT,
                    "| %d | %.0f-%.0f | %d | %.1f | %d | %s | %s | %s |",
                    w.window(),
                    w.fromSeconds(),
                    w.toSeconds(),
                    w.calls(),
                    w.calls() / span,
                    w.errors(),
                    oneDecimal(w.p50()),
                    oneDecimal(w.p99()),
                    oneDecimal(w.max())));
        }
        lines.add("");
        lines.add("| tool | calls | errors | p50 (ms) | p95 (ms) | p99 (ms) |");
        lines.add("|---|---:|---:|---:|---:|---:|");
        for (ToolRow t : tools) {
            lines.add(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %s | %s | %s |",
                    t.tool(),
                    t.calls(),
                    t.errors(),
                    oneDecimal(t.p50()),
                    oneDecimal(t.p95()),
                    oneDecimal(t.p99())));
        }
        lines.add("");
        if (drift != null) {
            lines.add(String.format(
                    Locale.ROOT,
                    "drift, first to last window: p50 %.1f -> %.1f ms (x%s), p99 %.1f -> %.1f ms (x%s)",
                    drift.p50First(),
                    drift.p50Last(),
                    known(drift.p50Ratio()),
                    drift.p99First(),
                    drift.p99Last(),
                    known(drift.p99Ratio())));
        } else {
            lines.add("drift: needs at least two windows with calls (use a longer --duration or a shorter --window)");
        }
        if (before.anyKnown()) {
            lines.add(String.format(
                    Locale.ROOT,
                    "athena before/after: heap %s -> %s MB, threads %s -> %s, active db connections %s -> %s",
                    known(before.heapUsedMb()),
                    known(after.heapUsedMb()),
                    known(before.threads()),
                    known(after.threads()),
                    known(before.dbConnectionsActive()),
                    known(after.dbConnectionsActive())));
        }
        lines.add(String.format(
                Locale.ROOT,
                "total: %d calls in %.1f s (%.1f/s), errors: %d",
                calls,
                elapsedSeconds,
                calls / Math.max(elapsedSeconds, 0.001),
                errors));
        return String.join("\n", lines) + "\n";
    }

    String json() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("url", setup.url());
        document.put("project", setup.project());
        document.put("clients", setup.clients());
        document.put("duration_s", setup.durationSeconds());
        document.put("window_s", setup.windowSeconds());
        document.put("calls", calls);
        document.put("errors", errors);
        document.put("error_samples", errorSamples);
        document.put("windows", windows);
        document.put("tools", tools);
        document.put("drift", drift);
        document.put("athena_before", before);
        document.put("athena_after", after);
        return JSON.writeValueAsString(document) + "\n";
    }

    /** A latency of a window or tool without calls is null in the JSON and "nan" in the table. */
    private static Double round2(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 100) / 100.0;
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static String oneDecimal(Double value) {
        return value == null ? "nan" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String known(Double value) {
        return value == null ? "None" : value.toString();
    }
}
