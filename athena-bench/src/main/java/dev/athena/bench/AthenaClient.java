package dev.athena.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls Athena's tools over REST ({@code POST /tools/{name}/execute}) with keep-alive connections. Given several base
 * URLs (comma-separated: gateways sharing one database), the calls take them in turn.
 */
final class AthenaClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A remember_batch of 500 on a busy machine took tens of seconds; a hung call still ends. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private static final int SHOWN_BODY_CHARS = 300;
    static final int CONNECTION_FAILED = -1;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<String> bases;
    private final AtomicInteger nextBase = new AtomicInteger();
    private final String project;
    private final String apiKey;

    /**
     * One call's outcome: the status (-1 when the call failed before an answer) and the answer, present only for a 200
     * whose body has the documented shape.
     */
    record Reply<T>(int status, T answer, String body) {

        boolean ok() {
            return answer != null;
        }

        String problem() {
            String shown = body.length() > SHOWN_BODY_CHARS ? body.substring(0, SHOWN_BODY_CHARS) + "..." : body;
            if (status == CONNECTION_FAILED) {
                return "connection failed: " + shown;
            }
            return status == 200 ? "malformed answer " + shown : "HTTP " + status + " " + shown;
        }
    }

    AthenaClient(String base, String project) {
        this(base, project, null);
    }

    /** With an API key, every call sends it as a bearer token. */
    AthenaClient(String base, String project, String apiKey) {
        this.bases = Arrays.stream(base.split(","))
                .map(String::strip)
                .filter(url -> !url.isEmpty())
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
                .toList();
        if (bases.isEmpty()) {
            throw new Options.BadArguments("--url needs at least one URL, was '" + base + "'");
        }
        this.project = project;
        this.apiKey = apiKey;
    }

    String project() {
        return project;
    }

    <T> Reply<T> call(String tool, Object request, Class<T> answerType, Predicate<T> wellFormed) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(nextBase() + "/tools/" + tool + "/execute"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request)));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        HttpRequest httpRequest = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Reply<>(CONNECTION_FAILED, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply<>(CONNECTION_FAILED, null, "interrupted");
        }
        return new Reply<>(response.statusCode(), answer(response, answerType, wellFormed), response.body());
    }

    private String nextBase() {
        return bases.get(Math.floorMod(nextBase.getAndIncrement(), bases.size()));
    }

    private <T> T answer(HttpResponse<String> response, Class<T> answerType, Predicate<T> wellFormed) {
        if (response.statusCode() != 200) {
            return null;
        }
        try {
            T answer = json.readValue(response.body(), answerType);
            return answer != null && wellFormed.test(answer) ? answer : null;
        } catch (JacksonException malformed) {
            return null;
        }
    }
}
