package dev.athena.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import dev.athena.gateway.GatewayClient;
import dev.athena.gateway.GatewayClient.Response;
import dev.athena.memory.NewPattern;
import dev.athena.memory.PatternLedger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class ConsoleApiIntegrationTests extends ConsoleIntegrationTest {

    @Autowired
    PatternLedger patterns;

    @Test
    void pageAndAssetsArePublicAndCarryAStrictContentSecurityPolicy() {
        List<String> paths =
                List.of("/console", "/console/", "/console/assets/console.js", "/console/assets/console.css");
        for (String path : paths) {
            Response response = anonymous().get(path);
            assertThat(response.status()).as(path).isEqualTo(200);
            String policy = response.header("Content-Security-Policy");
            assertThat(policy)
                    .as(path)
                    .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
        assertThat(anonymous().get("/console").contentType()).startsWith("text/html");
        assertThat(anonymous().get("/console").raw())
                .contains("/console/assets/console.js")
                .doesNotContain("<script>");
    }

    @Test
    void theConsoleApiNeedsAKeyAndItsRefusalCarriesThePolicyToo() {
        Response response = anonymous().get("/console/api/session");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Security-Policy"))
                .isEqualTo(ConsoleSecurityHeaders.CONTENT_SECURITY_POLICY);
        assertThat(anonymous().get("/console/api/status").status()).isEqualTo(401);
        assertThat(anonymous()
                        .get("/console/api/provenance?memory_id=" + UUID.randomUUID())
                        .status())
                .isEqualTo(401);
    }

    @Test
    void onlyThePageAndItsAssetsArePublic() {
        assertThat(anonymous().get("/console-admin").status()).isEqualTo(401);
        assertThat(anonymous().get("/console/apis").status()).isEqualTo(401);
        assertThat(anonymous().get("/console/index.html").status()).isEqualTo(401);
        assertThat(anonymous().get("/console/assets/../api/status").status()).isEqualTo(400);
        assertThat(anonymous().get("/console/assets/%2e%2e/api/status").status())
                .isEqualTo(400);
        assertThat(anonymous().get("/console/assets/missing.js").status()).isEqualTo(404);
    }

    @Test
    void theOpenApiDocumentStaysTheAgentsApi() {
        JsonNode paths = anonymous().get("/v3/api-docs").body().get("paths");

        assertThat(paths.has("/tools/recall/execute")).isTrue();
        assertThat(paths.propertyNames()).noneMatch(path -> path.startsWith("/console"));
    }

    @Test
    void sessionOffersTheProjectsOfTheKeyOnly() {
        remember(star(), "other-team", "Someone else's secret");

        JsonNode alpha = alpha().get("/console/api/session").body();
        JsonNode star = star().get("/console/api/session").body();

        assertThat(alpha.get("keys_required").asBoolean()).isTrue();
        assertThat(alpha.get("all_projects").asBoolean()).isFalse();
        assertThat(texts(alpha.get("projects"))).containsExactly("alpha", "alpha-2");
        assertThat(star.get("all_projects").asBoolean()).isTrue();
        assertThat(texts(star.get("projects"))).containsExactly("default", "other-team");
    }

    @Test
    void statusCountsTheKeysProjectsAndShowsRecallLatencyToKeysForEveryProject() {
        remember(alpha(), "alpha", "Deploys happen on Tuesdays");
        remember(star(), "other-team", "Someone else's secret");
        star().postJson("/tools/recall/execute", "{\"query\":\"deploys\",\"project\":\"alpha\"}");

        JsonNode alpha = alpha().get("/console/api/status").body();
        JsonNode star = star().get("/console/api/status").body();

        assertThat(alpha.get("counts")).hasSize(1);
        assertThat(alpha.get("counts").get(0).get("project").asString()).isEqualTo("alpha");
        assertThat(alpha.get("counts").get(0).get("memory_type").asString()).isEqualTo("fact");
        assertThat(alpha.get("counts").get(0).get("memories").asLong()).isEqualTo(1);
        assertThat(alpha.get("recall_latency").isNull()).isTrue();
        assertThat(star.get("counts")).hasSize(2);
        assertThat(star.get("pending_embedding").asLong()).isZero();
        assertThat(star.get("recall_latency").get("calls").asLong()).isPositive();
        assertThat(star.get("recall_latency").get("p95_up_to_ms").isNumber()).isTrue();
    }

    @Test
    void provenanceListsThePatternsEventsInsideTheProjectOnly() {
        String event = alpha().postJson("/tools/record_event/execute", """
                {"event_type":"error","content":"NPE in checkout","outcome":"failure","project":"alpha"}""")
                .body()
                .get("id")
                .asString();
        UUID pattern = patterns.create(new NewPattern(
                "alpha",
                "error_fix",
                "Checkout NPEs come from empty carts",
                0.7,
                false,
                null,
                null,
                List.of(UUID.fromString(event))));

        Response own = alpha().get("/console/api/provenance?project=alpha&memory_id=" + pattern);
        Response foreign = alpha().get("/console/api/provenance?project=other-team&memory_id=" + pattern);
        Response wrongProject = star().get("/console/api/provenance?project=alpha-2&memory_id=" + pattern);

        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().get("events")).hasSize(1);
        assertThat(own.body().get("events").get(0).get("id").asString()).isEqualTo(event);
        assertThat(own.body().get("events").get(0).get("content").asString()).isEqualTo("NPE in checkout");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(wrongProject.status()).isEqualTo(404);
    }

    @Test
    void provenanceRefusesAMalformedIdOrProjectNamingTheField() {
        Response badId = alpha().get("/console/api/provenance?project=alpha&memory_id=not-a-uuid");
        Response noId = alpha().get("/console/api/provenance?project=alpha");
        Response badProject = star().get("/console/api/provenance?project=%20x&memory_id=" + UUID.randomUUID());

        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.body().get("errors").get(0).get("field").asString()).isEqualTo("memory_id");
        assertThat(noId.status()).isEqualTo(400);
        assertThat(noId.body().get("errors").get(0).get("field").asString()).isEqualTo("memory_id");
        assertThat(badProject.status()).isEqualTo(400);
        assertThat(badProject.body().get("errors").get(0).get("field").asString())
                .isEqualTo("project");
    }

    private static void remember(GatewayClient client, String project, String content) {
        Response response = client.postJson(
                "/tools/remember/execute", "{\"content\":\"" + content + "\",\"project\":\"" + project + "\"}");
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
    }

    private static List<String> texts(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
