package dev.athena.embedding.llamacpp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.athena.embedding.llamacpp.LlamaCppWire.unit;
import static dev.athena.embedding.llamacpp.TestClients.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.athena.embedding.EmbeddingModelInfo;
import dev.athena.embedding.EmbeddingPurpose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.StepVerifier;

class LlamaCppEmbeddingClientTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private TestClients clients;

    @BeforeEach
    void serveAModelOfTheTestWidth() {
        clients = new TestClients(server.baseUrl());
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models(WIDTH))));
    }

    @Test
    void reportsTheConfiguredModelAndDimension() {
        assertThat(clients.build().model()).isEqualTo(new EmbeddingModelInfo("nomic-embed-text-v1.5", WIDTH));
    }

    @Test
    void sendsManyTextsPerRequestInBatchesOfTheConfiguredSize() {
        LlamaCppEmbeddingClient client = clients.with("max-batch-size", "2")
                .with("task-prefixes", "none")
                .build();
        stubEmbeddings("[\"a\",\"b\"]", LlamaCppWire.embeddings(List.of(unit(WIDTH, 0), unit(WIDTH, 1))));
        stubEmbeddings("[\"c\",\"d\"]", LlamaCppWire.embeddings(List.of(unit(WIDTH, 2), unit(WIDTH, 3))));
        stubEmbeddings("[\"e\"]", LlamaCppWire.embeddings(List.of(unit(WIDTH, 4))));

        StepVerifier.create(client.embed(List.of("a", "b", "c", "d", "e"), EmbeddingPurpose.DOCUMENT))
                .assertNext(vectors -> {
                    assertThat(vectors).hasSize(5);
                    for (int i = 0; i < 5; i++) {
                        assertThat(vectors.get(i)).containsExactly(unit(WIDTH, i));
                    }
                })
                .verifyComplete();
        server.verify(3, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void ordersVectorsByIndexNotByPositionInTheAnswer() {
        LlamaCppEmbeddingClient client = clients.with("task-prefixes", "none").build();
        stubEmbeddings(
                "[\"a\",\"b\",\"c\"]",
                LlamaCppWire.embeddings(List.of(unit(WIDTH, 0), unit(WIDTH, 1), unit(WIDTH, 2)), 2, 0, 1));

        List<float[]> vectors =
                client.embed(List.of("a", "b", "c"), EmbeddingPurpose.DOCUMENT).block(WAIT);

        assertThat(vectors.get(0)).containsExactly(unit(WIDTH, 0));
        assertThat(vectors.get(1)).containsExactly(unit(WIDTH, 1));
        assertThat(vectors.get(2)).containsExactly(unit(WIDTH, 2));
    }

    @Test
    void sendsTheRequestBodyOfTheOpenAiRoute() {
        LlamaCppEmbeddingClient client = clients.build();
        server.stubFor(post("/v1/embeddings")
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"input\":[\"search_document: The build uses Maven\"],"
                        + "\"model\":\"nomic-embed-text-v1.5\",\"encoding_format\":\"float\"}"))
                .willReturn(okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))))));

        assertThat(client.embed("The build uses Maven", EmbeddingPurpose.DOCUMENT)
                        .block(WAIT))
                .containsExactly(unit(WIDTH, 0));
    }

    @ParameterizedTest
    @CsvSource({
        "DOCUMENT, 'search_document: '",
        "QUERY, 'search_query: '",
        "CLUSTERING, 'clustering: '",
        "CLASSIFICATION, 'classification: '"
    })
    void putsTheNomicTaskPrefixOfThePurposeBeforeEachText(EmbeddingPurpose purpose, String prefix) {
        LlamaCppEmbeddingClient client = clients.build();
        stubEmbeddings(
                "[\"" + prefix + "first\",\"" + prefix + "second\"]",
                LlamaCppWire.embeddings(List.of(unit(WIDTH, 0), unit(WIDTH, 1))));

        assertThat(client.embed(List.of("first", "second"), purpose).block(WAIT))
                .hasSize(2);
    }

    @Test
    void putsNoPrefixBeforeTextsForASymmetricModel() {
        LlamaCppEmbeddingClient client =
                clients.with("model", "all-minilm-l6-v2").build();
        stubEmbeddings("[\"plain text\"]", LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))));

        assertThat(client.embed("plain text", EmbeddingPurpose.DOCUMENT).block(WAIT))
                .containsExactly(unit(WIDTH, 0));
    }

    @Test
    void usesCustomPrefixesWhenConfigured() {
        LlamaCppEmbeddingClient client = clients.with("model", "e5-base-v2")
                .with("task-prefixes", "custom")
                .with("custom-task-prefixes.query", "query: ")
                .with("custom-task-prefixes.document", "passage: ")
                .build();
        stubEmbeddings("[\"query: what build tool\"]", LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))));
        stubEmbeddings("[\"passage: Maven\"]", LlamaCppWire.embeddings(List.of(unit(WIDTH, 1))));
        stubEmbeddings("[\"grouped\"]", LlamaCppWire.embeddings(List.of(unit(WIDTH, 2))));

        assertThat(client.embed("what build tool", EmbeddingPurpose.QUERY).block(WAIT))
                .containsExactly(unit(WIDTH, 0));
        assertThat(client.embed("Maven", EmbeddingPurpose.DOCUMENT).block(WAIT)).containsExactly(unit(WIDTH, 1));
        assertThat(client.embed("grouped", EmbeddingPurpose.CLUSTERING).block(WAIT))
                .containsExactly(unit(WIDTH, 2));
    }

    @Test
    void sendsTheApiKeyAsABearerToken() {
        LlamaCppEmbeddingClient client = clients.with("api-key", "secret-key").build();
        server.stubFor(post("/v1/embeddings")
                .withHeader("Authorization", equalTo("Bearer secret-key"))
                .willReturn(okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))))));

        assertThat(client.embed("text", EmbeddingPurpose.DOCUMENT).block(WAIT)).containsExactly(unit(WIDTH, 0));
        server.verify(
                getRequestedFor(urlEqualTo("/v1/models")).withHeader("Authorization", equalTo("Bearer secret-key")));
    }

    @Test
    void readsBase64EncodedVectors() {
        LlamaCppEmbeddingClient client = clients.with("encoding-format", "base64")
                .with("task-prefixes", "none")
                .build();
        float[] expected = {0.5f, -0.5f, 0.5f, -0.5f, 0f, 0f, 0f, 0f};
        server.stubFor(post("/v1/embeddings")
                .withRequestBody(equalToJson(
                        "{\"input\":[\"x\"],\"model\":\"nomic-embed-text-v1.5\",\"encoding_format\":\"base64\"}"))
                .willReturn(okJson(LlamaCppWire.base64Embeddings(List.of(expected)))));

        assertThat(client.embed("x", EmbeddingPurpose.DOCUMENT).block(WAIT)).containsExactly(expected);
    }

    @Test
    void embedsThroughTheNativeRouteAndReadsTheCurrentShape() {
        LlamaCppEmbeddingClient client =
                clients.with("api", "native").with("task-prefixes", "none").build();
        server.stubFor(post("/embedding")
                .withRequestBody(equalToJson("{\"content\":[\"a\",\"b\"]}"))
                .willReturn(okJson(LlamaCppWire.nativeEmbeddings(List.of(unit(WIDTH, 3), unit(WIDTH, 4))))));

        List<float[]> vectors =
                client.embed(List.of("a", "b"), EmbeddingPurpose.DOCUMENT).block(WAIT);

        assertThat(vectors.get(0)).containsExactly(unit(WIDTH, 3));
        assertThat(vectors.get(1)).containsExactly(unit(WIDTH, 4));
    }

    @Test
    void embedsThroughTheNativeRouteAndReadsTheOldShape() {
        LlamaCppEmbeddingClient client = clients.with("api", "native")
                .with("max-batch-size", "1")
                .with("task-prefixes", "none")
                .build();
        server.stubFor(post("/embedding")
                .withRequestBody(equalToJson("{\"content\":[\"a\"]}"))
                .willReturn(okJson(LlamaCppWire.oldNativeEmbedding(unit(WIDTH, 5)))));

        assertThat(client.embed("a", EmbeddingPurpose.DOCUMENT).block(WAIT)).containsExactly(unit(WIDTH, 5));
    }

    @Test
    void normalisesVectorsTheServerDidNotNormalise() {
        LlamaCppEmbeddingClient client = clients.with("task-prefixes", "none").build();
        stubEmbeddings("[\"x\"]", LlamaCppWire.embeddings(List.of(new float[] {3f, 4f, 0, 0, 0, 0, 0, 0})));

        assertThat(client.embed("x", EmbeddingPurpose.DOCUMENT).block(WAIT))
                .containsExactly(0.6f, 0.8f, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void truncatesWideVectorsToTheConfiguredWidthAndRenormalisesWithMatryoshkaOn() {
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models(16))));
        LlamaCppEmbeddingClient client = clients.with("matryoshka-truncation", "true")
                .with("task-prefixes", "none")
                .build();
        float[] wide = new float[16];
        for (int i = 0; i < 16; i++) {
            wide[i] = 0.25f;
        }
        stubEmbeddings("[\"x\"]", LlamaCppWire.embeddings(List.of(wide)));

        float[] vector = client.embed("x", EmbeddingPurpose.DOCUMENT).block(WAIT);

        assertThat(vector).hasSize(WIDTH);
        for (float component : vector) {
            assertThat(component).isCloseTo((float) (1 / Math.sqrt(WIDTH)), within(1e-6f));
        }
    }

    @Test
    void embedsAnEmptyListWithoutCallingTheServer() {
        StepVerifier.create(clients.build().embed(List.of(), EmbeddingPurpose.DOCUMENT))
                .assertNext(vectors -> assertThat(vectors).isEmpty())
                .verifyComplete();
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void rejectsANullTextBeforeCallingTheServer() {
        List<String> texts = new ArrayList<>(List.of("a"));
        texts.add(null);

        assertThatThrownBy(() -> clients.build().embed(texts, EmbeddingPurpose.DOCUMENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text 1 of 2 is null");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void readsTheModelWidthOnceAndNotBeforeEveryCall() {
        LlamaCppEmbeddingClient client = clients.with("task-prefixes", "none").build();
        stubEmbeddings("[\"x\"]", LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))));

        client.embed("x", EmbeddingPurpose.DOCUMENT).block(WAIT);
        client.embed("x", EmbeddingPurpose.DOCUMENT).block(WAIT);

        server.verify(1, getRequestedFor(urlEqualTo("/v1/models")));
        server.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void answersARepeatedQueryFromTheCache() {
        LlamaCppEmbeddingClient client = clients.build();
        stubEmbeddings("[\"search_query: which build tool?\"]", LlamaCppWire.embeddings(List.of(unit(WIDTH, 6))));

        float[] first =
                client.embed("which build tool?", EmbeddingPurpose.QUERY).block(WAIT);
        first[0] = 42f;
        float[] second =
                client.embed("which build tool?", EmbeddingPurpose.QUERY).block(WAIT);

        assertThat(second).as("a caller's change does not reach the cache").containsExactly(unit(WIDTH, 6));
        server.verify(1, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void embedsOnlyTheQueriesOfABatchThatAreNotCachedAndEachOnce() {
        LlamaCppEmbeddingClient client = clients.with("task-prefixes", "none").build();
        stubEmbeddings("[\"known\"]", LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))));
        stubEmbeddings("[\"new\"]", LlamaCppWire.embeddings(List.of(unit(WIDTH, 1))));
        client.embed("known", EmbeddingPurpose.QUERY).block(WAIT);

        List<float[]> vectors = client.embed(List.of("new", "known", "new"), EmbeddingPurpose.QUERY)
                .block(WAIT);

        assertThat(vectors.get(0)).containsExactly(unit(WIDTH, 1));
        assertThat(vectors.get(1)).containsExactly(unit(WIDTH, 0));
        assertThat(vectors.get(2)).containsExactly(unit(WIDTH, 1));
        server.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void doesNotCacheDocuments() {
        LlamaCppEmbeddingClient client = clients.with("task-prefixes", "none").build();
        stubEmbeddings("[\"memory\"]", LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))));

        client.embed("memory", EmbeddingPurpose.DOCUMENT).block(WAIT);
        client.embed("memory", EmbeddingPurpose.DOCUMENT).block(WAIT);

        server.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void forgetsCachedQueriesAfterTheirTimeToLive() {
        LlamaCppEmbeddingClient client = clients.with("task-prefixes", "none")
                .with("query-cache.ttl", "10m")
                .build();
        stubEmbeddings("[\"q\"]", LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))));

        client.embed("q", EmbeddingPurpose.QUERY).block(WAIT);
        clients.tickerNanos.addAndGet(Duration.ofMinutes(11).toNanos());
        client.embed("q", EmbeddingPurpose.QUERY).block(WAIT);

        server.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void cachesNothingWhenTheCacheIsSizedZero() {
        LlamaCppEmbeddingClient client = clients.with("task-prefixes", "none")
                .with("query-cache.max-entries", "0")
                .build();
        stubEmbeddings("[\"q\"]", LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))));

        client.embed("q", EmbeddingPurpose.QUERY).block(WAIT);
        client.embed("q", EmbeddingPurpose.QUERY).block(WAIT);

        server.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void returnsInputOrderWhenConcurrentRequestsFinishOutOfOrder() {
        LlamaCppEmbeddingClient client = clients.with("max-batch-size", "1")
                .with("max-concurrent-requests", "3")
                .with("task-prefixes", "none")
                .build();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < WIDTH; i++) {
            texts.add("t" + i);
            // Earlier texts answer later, so completion order is the reverse of input order.
            server.stubFor(post("/v1/embeddings")
                    .withRequestBody(matchingJsonPath("$.input", equalToJson("[\"t" + i + "\"]")))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withFixedDelay(10 * (WIDTH - i))
                            .withBody(LlamaCppWire.embeddings(List.of(unit(WIDTH, i))))));
        }

        List<float[]> vectors = client.embed(texts, EmbeddingPurpose.DOCUMENT).block(WAIT);

        for (int i = 0; i < WIDTH; i++) {
            assertThat(vectors.get(i)).containsExactly(unit(WIDTH, i));
        }
    }

    private static void stubEmbeddings(String inputJson, String answer) {
        server.stubFor(post("/v1/embeddings")
                .withRequestBody(matchingJsonPath("$.input", equalToJson(inputJson)))
                .willReturn(okJson(answer)));
    }
}
