package dev.athena.gateway.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The provisioned Grafana dashboard queries only metrics that exist: Athena's (derived from the meters in its code, see
 * {@link AthenaMeters}), the llama.cpp servers' and Prometheus' own.
 */
class GrafanaDashboardTests {

    /**
     * What {@code llama-server --metrics} exports on {@code /metrics}, from ggml-org/llama.cpp {@code tools/server}
     * (the metrics handler of the server context, documented in {@code tools/server/README.md}, "GET /metrics").
     * {@code kv_cache_usage_ratio} and {@code kv_cache_tokens} were removed upstream and are deliberately absent.
     */
    static final Set<String> LLAMACPP_METRICS = Set.of(
            "llamacpp:prompt_tokens_total",
            "llamacpp:prompt_seconds_total",
            "llamacpp:tokens_predicted_total",
            "llamacpp:tokens_predicted_seconds_total",
            "llamacpp:n_decode_total",
            "llamacpp:n_tokens_max",
            "llamacpp:n_busy_slots_per_decode",
            "llamacpp:prompt_tokens_seconds",
            "llamacpp:predicted_tokens_seconds",
            "llamacpp:requests_processing",
            "llamacpp:requests_deferred");

    /** Series Prometheus writes for every scrape target itself. */
    static final Set<String> PROMETHEUS_METRICS = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private static final Set<String> PROMQL_WORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "and",
            "or",
            "unless",
            "inf",
            "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    final JsonNode dashboard =
            new ObjectMapper().readTree(RepositoryFiles.read("docker/grafana/dashboards/athena.json"));

    @Test
    void everyQueriedMetricIsExportedByAthenaLlamaCppOrPrometheus() {
        Set<String> athena = AthenaMeters.exportedNames(AthenaMeters.inCode());
        Set<String> queried = new LinkedHashSet<>();
        expressions().forEach(expression -> queried.addAll(metricsIn(expression)));

        assertThat(queried).isNotEmpty();
        assertThat(queried)
                .allSatisfy(metric -> assertThat(athena.contains(metric)
                                || LLAMACPP_METRICS.contains(metric)
                                || PROMETHEUS_METRICS.contains(metric))
                        .as("%s is exported by Athena, llama.cpp or Prometheus", metric)
                        .isTrue());
    }

    @Test
    void athenasExportedNamesComeFromItsMeters() {
        Set<String> athena = AthenaMeters.exportedNames(AthenaMeters.inCode());

        assertThat(athena)
                .contains(
                        "athena_tool_calls_seconds_bucket",
                        "athena_tool_calls_seconds_count",
                        "jvm_memory_used_bytes",
                        "process_cpu_usage");
        assertThat(athena).doesNotContain("athena_no_such_metric", "athena_tool_calls_total");
    }

    @Test
    void metricNamesAreTakenFromPromQlWithoutFunctionsLabelsOrVariables() {
        assertThat(metricsIn("histogram_quantile(0.99, sum by (le, tool) (rate(athena_tool_calls_seconds_bucket"
                        + "{tool=\"recall\", outcome!~\"a|b\"}[$__rate_interval])))"))
                .containsExactly("athena_tool_calls_seconds_bucket");
        assertThat(metricsIn("rate(llamacpp:tokens_predicted_total{job=\"llamacpp-reasoning\"}[5m]) / "
                        + "rate(llamacpp:tokens_predicted_seconds_total[5m]) > bool 0"))
                .containsExactly("llamacpp:tokens_predicted_total", "llamacpp:tokens_predicted_seconds_total");
        assertThat(metricsIn("sum without (instance) (up) offset 1h")).containsExactly("up");
    }

    @Test
    void everyPanelUsesTheProvisionedPrometheus() {
        for (JsonNode panel : panels()) {
            if (!"row".equals(panel.path("type").asString())) {
                assertThat(panel.path("datasource").path("uid").asString())
                        .as(panel.path("title").asString())
                        .isEqualTo("athena-prometheus");
                assertThat(panel.path("targets")).isNotEmpty();
            }
        }
    }

    @Test
    void llamaCppPanelsSelectTheJobsPrometheusScrapes() {
        Pattern job = Pattern.compile("job=\"([^\"]+)\"");
        String prometheus = RepositoryFiles.read("docker/prometheus/prometheus.yml");
        for (String expression : expressions()) {
            Matcher matcher = job.matcher(expression);
            while (matcher.find()) {
                assertThat(prometheus).contains("job_name: " + matcher.group(1));
            }
        }
    }

    @Test
    void theDashboardCoversWhatOperatorsWatch() {
        List<String> titles =
                panels().stream().map(panel -> panel.path("title").asString()).toList();

        assertThat(titles)
                .contains(
                        "Tool latency p50 / p99",
                        "Recall latency",
                        "Remember rate",
                        "Errors",
                        "Pending-embedding backlog",
                        "Memories by type and state",
                        "Embedding request latency",
                        "Embedding server load and tokens/s",
                        "Reasoning latency",
                        "Reasoning tokens/s",
                        "Consolidation runs",
                        "Patterns",
                        "Heap");
        assertThat(dashboard.path("uid").asString()).isEqualTo("athena-overview");
    }

    private List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asString());
            }
        }
        return expressions;
    }

    static Set<String> metricsIn(String expression) {
        String stripped = expression
                .replaceAll("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\{?\\w+}?", " ");
        Set<String> metrics = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(stripped);
        while (identifier.find()) {
            String name = identifier.group();
            boolean isFunction =
                    stripped.substring(identifier.end()).stripLeading().startsWith("(");
            boolean isNumber = identifier.start() > 0 && Character.isDigit(stripped.charAt(identifier.start() - 1));
            if (!isFunction && !isNumber && !PROMQL_WORDS.contains(name)) {
                metrics.add(name);
            }
        }
        return metrics;
    }
}
