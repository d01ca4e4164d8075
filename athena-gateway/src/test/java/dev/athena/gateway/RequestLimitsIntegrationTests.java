package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bodies over {@code athena.gateway.max-body-size} (64 KiB in these tests) are refused before any tool sees them. */
class RequestLimitsIntegrationTests extends SecuredGatewayIntegrationTest {

    @Test
    void aBodyOverTheLimitIsA413ProblemAndWritesNothing() {
        var response = star().postJson("/tools/remember/execute", padded(MAX_BODY_BYTES + 1));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("detail").asString()).contains(Integer.toString(MAX_BODY_BYTES));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM memories", Long.class))
                .isZero();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedToo() {
        var response = star().postJsonChunked("/tools/remember/execute", padded(MAX_BODY_BYTES + 1));

        assertThat(response.status()).isEqualTo(413);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM memories", Long.class))
                .isZero();
    }

    @Test
    void aBodyAtTheLimitGoesThrough() {
        var sized = star().postJson("/tools/remember/execute", padded(MAX_BODY_BYTES));
        var chunked = star().postJsonChunked(
                        "/tools/recall/execute", "{\"query\":\"padding\"" + " ".repeat(MAX_BODY_BYTES - 20) + "}");

        assertThat(sized.status()).isEqualTo(200);
        assertThat(chunked.status()).isEqualTo(200);
    }

    @Test
    void mcpBodiesHaveTheSameLimit() {
        var response = star().withHeader("Accept", "application/json, text/event-stream")
                .postJson("/mcp", padded(MAX_BODY_BYTES + 1));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anUnknownPathIsA404Problem() {
        var response = star().get("/no/such/thing");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    /** A valid remember call of exactly {@code bytes} bytes: the content plus JSON whitespace. */
    private static String padded(int bytes) {
        String start = "{\"content\":\"a padded memory\"";
        return start + " ".repeat(bytes - start.length() - 1) + "}";
    }
}
