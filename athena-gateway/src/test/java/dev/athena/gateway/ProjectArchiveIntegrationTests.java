package dev.athena.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import dev.athena.embedding.EmbeddingClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Export and import of a project over HTTP, with API keys on and a 64 KB body limit that imports are exempt from. */
class ProjectArchiveIntegrationTests extends SecuredGatewayIntegrationTest {

    @Autowired
    EmbeddingClient embeddings;

    @Test
    void aProjectExportedAsJsonLinesImportsIntoAnotherProjectOfTheSameKeyBeyondTheBodyLimit() {
        seed("alpha", 200);

        var export = alpha().get("/projects/alpha/export");
        var imported = alpha().post("/projects/alpha-2/import", "application/x-ndjson", export.raw());

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("application/x-ndjson");
        assertThat(export.raw().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isGreaterThan(MAX_BODY_BYTES);
        String header = export.raw().substring(0, export.raw().indexOf('\n'));
        assertThat(header)
                .contains(
                        "\"format\":\"athena-project-export\"",
                        "\"version\":1",
                        "\"embedding_model\":\"" + embeddings.model().name() + "\"",
                        "\"embedding_dimension\":" + embeddings.model().dimension());
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.body().get("memories_imported").asLong()).isEqualTo(200);
        assertThat(imported.body().get("pending_embedding").asLong()).isZero();
        assertThat(count("SELECT count(*) FROM memories WHERE project = 'alpha-2' AND embedding IS NOT NULL"))
                .isEqualTo(200);
    }

    @Test
    void anExportWithoutVectorsLeavesThemOut() {
        seed("alpha", 3);

        var export = alpha().get("/projects/alpha/export?vectors=false");

        assertThat(export.raw()).contains("\"vectors\":false").contains("\"embedding\" : null");
    }

    @Test
    void exportAndImportNeedAKeyBoundToTheProject() {
        var noKey = anonymous().get("/projects/alpha/export");
        var otherProject = alpha().get("/projects/beta/export");
        var otherImport = alpha().post("/projects/beta/import", "application/x-ndjson", "{}\n");
        var malformed = alpha().get("/projects/not%20a%20project/export");

        assertThat(noKey.status()).isEqualTo(401);
        assertThat(otherProject.status()).isEqualTo(403);
        assertThat(otherProject.contentType()).startsWith("application/problem+json");
        assertThat(otherImport.status()).isEqualTo(403);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(star().get("/projects/beta/export").status()).isEqualTo(200);
    }

    @Test
    void aTruncatedImportIsA400ProblemNamingTheLineAndWritesNothingOfItsBatch() {
        seed("alpha", 5);
        String[] lines = alpha().get("/projects/alpha/export").raw().split("\n");
        String truncated = String.join("\n", Arrays.copyOf(lines, 4)) + "\n" + lines[4].substring(0, 30);

        var response = alpha().post("/projects/alpha-2/import", "application/x-ndjson", truncated);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("line").asLong()).isEqualTo(5);
        assertThat(response.body().get("imported_through_line").asLong()).isOne();
        JsonNode error = response.body().get("errors").get(0);
        assertThat(error.get("line").asLong()).isEqualTo(5);
        assertThat(error.get("field").asString()).isEqualTo("line");
        assertThat(error.get("reason").asString()).contains("not valid JSON");
        assertThat(count("SELECT count(*) FROM memories WHERE project = 'alpha-2'"))
                .isZero();
    }

    @Test
    void recallAndListMemoriesAsOfAMomentSeeWhatWasValidThen() {
        String first = alpha().postJson("/tools/remember/execute", """
                {"content":"The billing service is owned by \
                Alice","project":"alpha","valid_from":"2024-01-01T00:00:00Z"}""")
                .body()
                .get("id")
                .asString();
        String second = alpha().postJson("/tools/remember/execute", """
                {"content":"The billing service is owned by \
                Bob","project":"alpha","supersedes":"%s","valid_from":"2024-06-01T00:00:00Z"}""".formatted(first))
                .body()
                .get("id")
                .asString();

        JsonNode march = alpha().postJson("/tools/recall/execute", """
                {"query":"Who owns billing?","project":"alpha","as_of":"2024-03-01T00:00:00Z"}""").body();
        JsonNode now = alpha().postJson("/tools/recall/execute", """
                {"query":"Who owns billing?","project":"alpha"}""").body();
        JsonNode listed = alpha().postJson("/tools/list_memories/execute", """
                {"project":"alpha","as_of":"2024-03-01T00:00:00Z"}""").body();
        JsonNode old = alpha().postJson("/tools/get_memory/execute", """
                {"project":"alpha","memory_id":"%s"}""".formatted(first))
                .body();
        JsonNode history = alpha().postJson("/tools/memory_history/execute", """
                {"project":"alpha","memory_id":"%s"}""".formatted(first))
                .body();

        assertThat(ids(march.get("results"))).containsExactly(first);
        assertThat(ids(now.get("results"))).containsExactly(second);
        assertThat(ids(listed.get("items"))).containsExactly(first);
        assertThat(old.get("valid_from").asString()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(old.get("valid_to").asString()).isEqualTo("2024-06-01T00:00:00Z");
        assertThat(history.get("entries").get(1).get("after").get("valid_to").asString())
                .startsWith("2024-06-01T00:00:00");
    }

    @Test
    void aValidToBeforeValidFromIsA400OnThatField() {
        var response = alpha().postJson("/tools/remember/execute", """
                {"content":"Backwards","project":"alpha","valid_from":"2024-06-01T00:00:00Z","valid_to":"2024-01-01T00:00:00Z"}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("valid_to");
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new java.util.ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private void seed(String project, int memories) {
        jdbc.update(
                """
                INSERT INTO memories (id, project, memory_type, content, content_hash, embedding, embedding_model,
                    valid_from)
                SELECT gen_random_uuid(), ?, 'fact', 'Seeded memory number ' || g, md5(? || g),
                       CAST(ARRAY(SELECT random() + 0 * g FROM generate_series(1, ?)) AS vector), ?, now()
                FROM generate_series(1, ?) g
                """,
                project,
                project,
                embeddings.model().dimension(),
                embeddings.model().name(),
                memories);
    }
}
