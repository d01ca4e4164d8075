package dev.athena.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the running gateway, so tests see exactly what curl would. */
public final class GatewayClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Map<String, String> headers;

    public GatewayClient(int port) {
        this("http://localhost:" + port, Map.of());
    }

    private GatewayClient(String baseUrl, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.headers = headers;
    }

    /** This client, sending one more header with every request (an API key, an Origin, ...). */
    public GatewayClient withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new GatewayClient(baseUrl, more);
    }

    public GatewayClient withBearer(String key) {
        return withHeader("Authorization", "Bearer " + key);
    }

    public record Response(int status, String contentType, JsonNode body, String raw, Map<String, String> headers) {

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    public Response postJson(String path, String json) {
        return post(path, "application/json", json);
    }

    public Response post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts without a Content-Length: the body goes out chunked, as a streaming client would send it. */
    public Response postJsonChunked(String path, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
    }

    private Response send(HttpRequest.Builder request) {
        headers.forEach(request::header);
        try {
            HttpResponse<String> response =
                    HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            // JSON Lines (an export) are many documents, not one: only the raw text says what they are.
            boolean oneDocument = contentType.contains("json") && !contentType.contains("ndjson");
            JsonNode body = raw == null || raw.isBlank() || !oneDocument ? null : JSON.readTree(raw);
            Map<String, String> responseHeaders = new LinkedHashMap<>();
            response.headers()
                    .map()
                    .forEach((name, values) ->
                            responseHeaders.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            return new Response(response.statusCode(), contentType, body, raw, responseHeaders);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
