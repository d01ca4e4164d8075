package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(OutputCaptureExtension.class)
class ApiKeyIntegrationTests extends SecuredGatewayIntegrationTest {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
             "capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}""";

    @Test
    void aCallWithoutAKeyIsA401ProblemWithAChallenge() {
        var response = anonymous().postJson("/tools/recall/execute", "{\"query\":\"x\",\"project\":\"alpha\"}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.body().get("detail").asString()).contains("Authorization: Bearer");
    }

    @Test
    void anUnknownKeyIsA401ThatDoesNotEchoTheKey() {
        var response = anonymous().withBearer("guessed-key-123").postJson("/tools/recall/execute", "{\"query\":\"x\"}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.raw()).doesNotContain("guessed-key-123");
    }

    @Test
    void acceptsTheKeyAsBearerTokenOrAsXApiKeyHeader() {
        String call = "{\"query\":\"x\",\"project\":\"alpha\"}";
        assertThat(alpha().postJson("/tools/recall/execute", call).status()).isEqualTo(200);
        assertThat(anonymous()
                        .withHeader("X-API-Key", ALPHA_KEY)
                        .postJson("/tools/recall/execute", call)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void mcpNeedsAKeyToo() {
        var response = anonymous()
                .withHeader("Accept", "application/json, text/event-stream")
                .postJson("/mcp", INITIALIZE);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void healthProbesAndApiDocsStayPublic() {
        assertThat(anonymous().get("/health").status()).isEqualTo(200);
        assertThat(anonymous().get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous().get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(anonymous().get("/v3/api-docs").status()).isEqualTo(200);
    }

    @Test
    void healthWithoutAKeyIsTheStatusAloneAndWithAnyKeyTheDetails() {
        var anonymousHealth = anonymous().get("/health");
        var wrongKeyHealth = anonymous().withBearer("guessed-key-123").get("/health");
        var alphaHealth = alpha().get("/health");

        assertThat(anonymousHealth.status()).isEqualTo(200);
        assertThat(anonymousHealth.body().propertyNames()).containsExactly("status");
        assertThat(anonymousHealth.raw()).doesNotContain("e5-small").doesNotContain("http");
        assertThat(wrongKeyHealth.status()).isEqualTo(200);
        assertThat(wrongKeyHealth.body().propertyNames()).containsExactly("status");
        assertThat(alphaHealth.body().get("status").asString())
                .isEqualTo(anonymousHealth.body().get("status").asString());
        assertThat(alphaHealth
                        .body()
                        .get("dependencies")
                        .get("embedding")
                        .get("detail")
                        .asString())
                .contains("e5-small");
    }

    @Test
    void neitherTheApiDocumentNorTheActuatorEchoAForeignHostHeader() {
        String apiDocs = RawHttp.response(port, RawHttp.get("/v3/api-docs", "evil.example:666"));
        String actuator = RawHttp.response(
                port, RawHttp.get("/actuator", "evil.example:666", "Authorization: Bearer " + STAR_KEY));

        assertThat(apiDocs)
                .startsWith("HTTP/1.1 200")
                .contains("\"servers\":[{\"url\":\"/\"")
                .doesNotContain("evil.example");
        assertThat(actuator).doesNotContain("evil.example");
    }

    @Test
    void metricsNeedAKeyBoundToEveryProject() {
        assertThat(anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
        var restricted = alpha().get("/actuator/prometheus");
        assertThat(restricted.status()).isEqualTo(403);
        assertThat(restricted.contentType()).startsWith("application/problem+json");
        assertThat(star().get("/actuator/prometheus").status()).isEqualTo(200);
    }

    /** Spellings that Tomcat decodes or strips to a metrics path while the raw URI does not start with one. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/actuator;x=1/prometheus",
                "/actuator/%70rometheus",
                "/actuator/%6detrics/athena.memories",
                "/actuator/metrics;a=b/athena.memories",
                "/actuator/%6detrics/jvm.memory.used",
                "//actuator/prometheus",
                "/actuator/./prometheus",
                "/health/../actuator/prometheus",
                "/actuator/prometheus/",
                "/actuator/%70rometheus;x=1"
            })
    void metricsStayRestrictedWhateverSpellingOfTheirPath(String path) {
        assertThat(anonymous().get(path).status()).as("without a key: %s", path).isIn(400, 401, 404);
        var restricted = alpha().get(path);
        assertThat(restricted.status()).as("with a project key: %s", path).isIn(400, 403, 404);
        assertThat(restricted.raw()).doesNotContain("athena_memories").doesNotContain("jvm_memory");
    }

    @Test
    void theDecodedSpellingsReachTheMetricsForAnEveryProjectKey() {
        assertThat(star().get("/actuator/%70rometheus").status()).isEqualTo(200);
        assertThat(star().get("/actuator/%6detrics/jvm.memory.used").status()).isEqualTo(200);
        // Path parameters are not normal form: refused for every key before any filter reads the path
        // (NormalizedPathFilter).
        assertThat(star().get("/actuator;x=1/prometheus").status()).isEqualTo(400);
    }

    @Test
    void logsOneJsonLinePerCallWithTheKeysFingerprintAndNeverTheKey(CapturedOutput output) {
        alpha().postJson("/tools/remember/execute", "{\"content\":\"logged, not leaked\",\"project\":\"alpha\"}");
        alpha().postJson("/tools/recall/execute", "{\"query\":\"x\",\"project\":\"beta\"}");

        JsonMapper json = JsonMapper.builder().build();
        JsonNode success = toolLine(output, json, "remember");
        assertThat(success.get("project").asString()).isEqualTo("alpha");
        assertThat(success.get("outcome").asString()).isEqualTo("success");
        assertThat(success.get("latency_ms").asString()).matches("\\d+\\.\\d");
        assertThat(success.get("key").asString()).matches("[0-9a-f]{8}");
        JsonNode refused = toolLine(output, json, "recall");
        assertThat(refused.get("outcome").asString()).isEqualTo("forbidden");
        assertThat(refused.get("project").asString()).isEqualTo("beta");
        assertThat(output.getAll()).doesNotContain(ALPHA_KEY).doesNotContain(STAR_KEY);
    }

    private static JsonNode toolLine(CapturedOutput output, JsonMapper json, String tool) {
        return output.getAll()
                .lines()
                .filter(line -> line.startsWith("{") && line.contains("\"tool\":\"" + tool + "\""))
                .map(json::readTree)
                .reduce((first, second) -> second)
                .orElseThrow(
                        () -> new AssertionError("no JSON log line for tool " + tool + " in:\n" + output.getAll()));
    }
}
