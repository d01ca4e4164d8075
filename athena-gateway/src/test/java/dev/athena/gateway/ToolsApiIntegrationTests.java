package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.athena.memory.testing.DatabaseIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ToolsApiIntegrationTests extends DatabaseIntegrationTest {

    @LocalServerPort
    int port;

    GatewayClient client;

    @BeforeEach
    void client() {
        client = new GatewayClient(port);
    }

    @Test
    void theSeedsRememberCallReturnsAnId() {
        var response =
                client.postJson("/tools/remember/execute", "{\"content\":\"test memory\",\"memory_type\":\"fact\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("id").asString()).matches("[0-9a-f-]{36}");
        assertThat(response.body().get("status").asString()).isEqualTo("created");
    }

    @Test
    void recallsARememberedFactFirstFromAParaphrase() {
        String rust = client.postJson(
                        "/tools/remember/execute",
                        "{\"content\":\"The user's favourite programming language is Rust\",\"memory_type\":\"fact\"}")
                .body()
                .get("id")
                .asString();
        client.postJson(
                "/tools/remember/execute",
                "{\"content\":\"Production runs on PostgreSQL 15\",\"memory_type\":\"fact\"}");
        client.postJson(
                "/tools/remember/execute",
                "{\"content\":\"Releases are tagged every second Tuesday\",\"memory_type\":\"decision\"}");

        var response = client.postJson(
                "/tools/recall/execute", "{\"query\":\"Which language does the user like best?\",\"k\":5}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("count").asInt()).isEqualTo(3);
        assertThat(response.body().get("degraded").asBoolean()).isFalse();
        var first = response.body().get("results").get(0);
        assertThat(first.get("id").asString()).isEqualTo(rust);
        assertThat(first.get("memory_type").asString()).isEqualTo("fact");
        // The best match fuses to 1; recency, importance and context may add a little (docs/api.md, recall).
        assertThat(first.get("score").asDouble()).isBetween(0.9, 1.5);
        assertThat(first.get("metadata").isObject()).isTrue();
    }

    @Test
    void aDuplicateReturnsTheSameId() {
        String body = "{\"content\":\"Use mvnw, not mvn\",\"memory_type\":\"decision\"}";
        String first = client.postJson("/tools/remember/execute", body)
                .body()
                .get("id")
                .asString();

        var again = client.postJson("/tools/remember/execute", body);

        assertThat(again.body().get("id").asString()).isEqualTo(first);
        assertThat(again.body().get("status").asString()).isEqualTo("duplicate");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing content       | /tools/remember/execute | {\"memory_type\":\"fact\"}                  | "
                        + "content",
                "empty content         | /tools/remember/execute | {\"content\":\"  \"}                         "
                        + "| content",
                "unknown memory_type   | /tools/remember/execute | {\"content\":\"x\",\"memory_type\":\"rumour\"} "
                        + "| memory_type",
                "unknown parameter     | /tools/remember/execute | {\"content\":\"x\",\"colour\":\"red\"}       "
                        + "   | colour",
                "wrong type            | /tools/remember/execute | {\"content\":\"x\",\"importance\":\"high\"}  "
                        + "   | importance",
                "importance range      | /tools/remember/execute | {\"content\":\"x\",\"importance\":2}         "
                        + "   | importance",
                "malformed JSON        | /tools/remember/execute | {\"content\":                                "
                        + " | body",
                "not an object         | /tools/remember/execute | [1,2]                                        "
                        + " | body",
                "duplicate key         | /tools/remember/execute | {\"content\":\"x\",\"content\":\"y\"}        | body",
                "number for text       | /tools/remember/execute | {\"content\":5}                              "
                        + " | content",
                "number for a time     | /tools/remember/execute | {\"content\":\"x\",\"occurred_at\":1764000000} "
                        + "| occurred_at",
                "half a surrogate pair | /tools/remember/execute | {\"content\":\"a\\ud800b\"}                  "
                        + " | content",
                "NUL in a session id   | /tools/record_event/execute | "
                        + "{\"event_type\":\"action\",\"content\":\"x\",\"session_id\":\"a\\u0000b\"} "
                        + "| session_id",
                "fraction for integer  | /tools/recall/execute   | {\"query\":\"x\",\"k\":1.5}                     | k",
                "empty query           | /tools/recall/execute   | {\"query\":\"\"}                             "
                        + "  | query",
                "missing query         | /tools/recall/execute   | {\"k\":5}                                    "
                        + "  | query",
                "k out of range        | /tools/recall/execute   | {\"query\":\"x\",\"k\":0}                       | k",
                "k as a string         | /tools/recall/execute   | {\"query\":\"x\",\"k\":\"5\"}                   | k",
            })
    void badInputIsA400ProblemNamingTheField(String name, String path, String body, String field) {
        var response = client.postJson(path, body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(response.raw()).doesNotContain("Exception").doesNotContain("at dev.athena");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM memories", Long.class))
                .isZero();
    }

    @Test
    void anUnknownToolIsA404Problem() {
        var response = client.postJson("/tools/teleport/execute", "{}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("detail").asString()).contains("teleport");
    }

    @Test
    void aBodyThatIsNotJsonIsA415Problem() {
        var response = client.post("/tools/remember/execute", "text/plain", "remember this");

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }
}
