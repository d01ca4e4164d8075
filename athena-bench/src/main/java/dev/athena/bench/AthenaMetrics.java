package dev.athena.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a few of Athena's {@code /actuator/metrics}; a value that cannot be read (protected, not exposed) is null. */
final class AthenaMetrics {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final double MB = 1024.0 * 1024.0;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base;
    private final String apiKey;

    /** Heap in use (MB, one decimal), live threads and active database connections at one moment. */
    @JsonPropertyOrder({"heap_used_mb", "threads", "db_connections_active"})
    record Snapshot(
            @JsonProperty("heap_used_mb") Double heapUsedMb,
            Double threads,
            @JsonProperty("db_connections_active") Double dbConnectionsActive) {

        boolean anyKnown() {
            return heapUsedMb != null || threads != null || dbConnectionsActive != null;
        }
    }

    AthenaMetrics(String base, String apiKey) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.apiKey = apiKey;
    }

    Snapshot snapshot() {
        Double heap = value("jvm.memory.used", "area:heap");
        return new Snapshot(
                heap == null ? null : Math.round(heap / MB * 10) / 10.0,
                value("jvm.threads.live", null),
                value("hikaricp.connections.active", null));
    }

    /**
     * 1 once Athena's in-process index (BM25 and the vector graphs) is loaded and answers recall, 0 before; null when
     * it cannot be read.
     */
    Double inProcessIndexReady() {
        return value("athena.recall.text.index.ready", null);
    }

    /** Athena's accumulated JIT compilation time in ms, or null when it cannot be read. */
    Double compilationMs() {
        return value("jvm.compilation.time", null, "COUNT");
    }

    private Double value(String name, String tag) {
        return value(name, tag, "VALUE");
    }

    private Double value(String name, String tag, String statistic) {
        String query = tag == null ? "" : "?tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/actuator/metrics/" + name + query))
                .timeout(TIMEOUT);
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            for (JsonNode measurement : json.readTree(response.body()).path("measurements")) {
                if (statistic.equals(measurement.path("statistic").asString())) {
                    return measurement.path("value").asDouble();
                }
            }
            return null;
        } catch (IOException | JacksonException | IllegalArgumentException unreadable) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
