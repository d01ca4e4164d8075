package dev.athena.embedding.llamacpp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.athena.embedding.llamacpp.LlamaCppWire.unit;
import static dev.athena.embedding.llamacpp.TestClients.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.athena.embedding.EmbeddingException;
import dev.athena.embedding.EmbeddingPurpose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every failure mode of the wire contract, answered with llama.cpp's exact bodies. */
class LlamaCppFailureHandlingTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String LONG_TEXT = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
            + "omicron pi rho sigma tau upsilon phi chi psi omega";

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final Comparator<Float> CLOSE = (a, b) -> Math.abs(a - b) < 1e-6 ? 0 : Float.compare(a, b);

    private TestClients clients;

    @BeforeEach
    void serveAModelOfTheTestWidth() {
        clients = new TestClients(server.baseUrl()).with("task-prefixes", "none");
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models(WIDTH))));
    }

    @Test
    void waitsForAServerThatIsLoadingItsModelOnEveryRoute() {
        server.stubFor(get("/v1/models")
                .inScenario("load")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody(LlamaCppWire.LOADING_MODEL))
                .willSetStateTo("models read"));
        server.stubFor(get("/v1/models")
                .inScenario("load")
                .whenScenarioStateIs("models read")
                .willReturn(okJson(LlamaCppWire.models(WIDTH))));
        server.stubFor(post("/v1/embeddings")
                .inScenario("embed")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody(LlamaCppWire.LOADING_MODEL))
                .willSetStateTo("loaded"));
        server.stubFor(post("/v1/embeddings")
                .inScenario("embed")
                .whenScenarioStateIs("loaded")
                .willReturn(okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))))));

        assertThat(clients.build().embed("x", EmbeddingPurpose.DOCUMENT).block(WAIT))
                .containsExactly(unit(WIDTH, 0));
        server.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void givesUpOnALoadingServerAfterTheMaximumWaitWithATransientFailure() {
        server.stubFor(
                post("/v1/embeddings").willReturn(aResponse().withStatus(503).withBody(LlamaCppWire.LOADING_MODEL)));
        LlamaCppEmbeddingClient client = clients.with("loading.max-wait", "100ms")
                .with("loading.poll-interval", "20ms")
                .build();

        StepVerifier.create(client.embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(
                        error -> assertFailure(error, FailureKind.LOADING, true, "still loading its model"))
                .verify(WAIT);
        server.verify(6, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void splitsATextTooLargeForTheServerAndAveragesThePieces() {
        LlamaCppEmbeddingClient client = clients.build();
        stubInputs(2, aResponse().withStatus(500).withBody(LlamaCppWire.TOO_LARGE_1000_TOKENS), "short");
        stubExactly("[\"short\"]", okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 7)))));
        stubExactly(
                "[\"" + LONG_TEXT + "\"]", aResponse().withStatus(500).withBody(LlamaCppWire.TOO_LARGE_1000_TOKENS));
        // 1000 tokens against a batch of 512 (less 10 % headroom): three pieces.
        stubInputs(3, okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 0), unit(WIDTH, 1), unit(WIDTH, 2)))), null);

        List<float[]> vectors = client.embed(List.of("short", LONG_TEXT), EmbeddingPurpose.DOCUMENT)
                .block(WAIT);

        assertThat(vectors.get(0)).containsExactly(unit(WIDTH, 7));
        List<String> pieces = inputsOfRequestsWith(3).get(0);
        assertThat(String.join(" ", pieces)).isEqualTo(LONG_TEXT);
        float[] expected = new float[WIDTH];
        double norm = 0;
        for (int i = 0; i < 3; i++) {
            expected[i] = pieces.get(i).length();
            norm += expected[i] * expected[i];
        }
        for (int i = 0; i < 3; i++) {
            expected[i] /= (float) Math.sqrt(norm);
        }
        assertThat(vectors.get(1)).usingElementComparator(CLOSE).containsExactly(expected);
        server.verify(
                1,
                postRequestedFor(urlEqualTo("/v1/embeddings"))
                        .withRequestBody(matchingJsonPath("$.input", equalToJson("[\"" + LONG_TEXT + "\"]"))));
    }

    @Test
    void truncatesATextTooLargeForTheServerWhenConfigured() {
        LlamaCppEmbeddingClient client = clients.with("oversize", "truncate").build();
        stubExactly(
                "[\"" + LONG_TEXT + "\"]", aResponse().withStatus(500).withBody(LlamaCppWire.TOO_LARGE_1000_TOKENS));
        stubInputs(1, okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 4)))), null);

        assertThat(client.embed(LONG_TEXT, EmbeddingPurpose.DOCUMENT).block(WAIT))
                .containsExactly(unit(WIDTH, 4));

        String head = inputsOfRequestsWith(1).stream()
                .map(inputs -> inputs.get(0))
                .filter(input -> !input.equals(LONG_TEXT))
                .findFirst()
                .orElseThrow();
        assertThat(LONG_TEXT).startsWith(head);
        assertThat(head.length()).isLessThanOrEqualTo(LONG_TEXT.length() / 3);
        server.verify(
                1,
                postRequestedFor(urlEqualTo("/v1/embeddings"))
                        .withRequestBody(matchingJsonPath("$.input", equalToJson("[\"" + LONG_TEXT + "\"]"))));
    }

    @Test
    void failsATextTooLargeForTheServerWithoutRetryingWhenConfigured() {
        LlamaCppEmbeddingClient client = clients.with("oversize", "fail").build();
        server.stubFor(post("/v1/embeddings")
                .willReturn(aResponse().withStatus(500).withBody(LlamaCppWire.TOO_LARGE_1000_TOKENS)));

        StepVerifier.create(client.embed(LONG_TEXT, EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(error -> assertFailure(
                        error,
                        FailureKind.TOO_LARGE,
                        false,
                        "oversize is fail",
                        "input (1000 tokens) is too large to process"))
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void splitsATextLongerThanTheContextUsingTheTokenCountsOfTheAnswer() {
        LlamaCppEmbeddingClient client = clients.build();
        stubExactly("[\"" + LONG_TEXT + "\"]", aResponse().withStatus(400).withBody(LlamaCppWire.EXCEEDS_CONTEXT));
        // 9000 prompt tokens against a context of 8192 (less 10 % headroom): two pieces.
        stubInputs(2, okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 0), unit(WIDTH, 0)))), null);

        assertThat(client.embed(LONG_TEXT, EmbeddingPurpose.DOCUMENT).block(WAIT))
                .usingElementComparator(CLOSE)
                .containsExactly(unit(WIDTH, 0));
        assertThat(String.join(" ", inputsOfRequestsWith(2).get(0))).isEqualTo(LONG_TEXT);
    }

    @Test
    void stopsCuttingAfterABoundedNumberOfRounds() {
        LlamaCppEmbeddingClient client = clients.build();
        server.stubFor(post("/v1/embeddings")
                .willReturn(aResponse().withStatus(500).withBody(LlamaCppWire.TOO_LARGE_1000_TOKENS)));

        StepVerifier.create(client.embed("a few words that the server never accepts", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(error -> assertFailure(error, FailureKind.TOO_LARGE, false, "still too large"))
                .verify(WAIT);
    }

    @Test
    void reportsBadInputAsPermanentAndDoesNotRetryIt() {
        server.stubFor(
                post("/v1/embeddings").willReturn(aResponse().withStatus(400).withBody(LlamaCppWire.EMPTY_INPUT)));

        StepVerifier.create(clients.build().embed("", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(error -> assertFailure(
                        error, FailureKind.BAD_REQUEST, false, "rejected the input", "Input content cannot be empty"))
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void reportsAWrongApiKeyAsPermanentAndNamesTheSetting() {
        server.stubFor(
                get("/v1/models").willReturn(aResponse().withStatus(401).withBody(LlamaCppWire.INVALID_API_KEY)));

        StepVerifier.create(clients.with("api-key", "wrong").build().embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(error -> assertFailure(
                        error,
                        FailureKind.UNAUTHORIZED,
                        false,
                        "refused the API key",
                        "Invalid API Key",
                        "athena.embedding.llamacpp.api-key",
                        "LLAMACPP_API_KEY"))
                .verify(WAIT);
        server.verify(0, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void reportsAServerWithoutEmbeddingsAsPermanentAndSaysHowToStartIt() {
        server.stubFor(post("/v1/embeddings")
                .willReturn(aResponse().withStatus(501).withBody(LlamaCppWire.EMBEDDINGS_NOT_SUPPORTED)));

        StepVerifier.create(clients.build().embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(error -> assertFailure(error, FailureKind.NOT_SUPPORTED, false, "--embedding"))
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void treatsARequestTheServerCouldNotParseAsOurBugAndDoesNotRetryIt() {
        server.stubFor(
                post("/v1/embeddings").willReturn(aResponse().withStatus(500).withBody(LlamaCppWire.PARSE_ERROR)));

        StepVerifier.create(clients.build().embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(error -> assertFailure(error, FailureKind.BAD_REQUEST, false, "bug in Athena"))
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void retriesAServerErrorAndSucceeds() {
        server.stubFor(post("/v1/embeddings")
                .inScenario("flaky")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500).withBody(LlamaCppWire.SERVER_ERROR))
                .willSetStateTo("recovered"));
        server.stubFor(post("/v1/embeddings")
                .inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 2))))));

        assertThat(clients.build().embed("x", EmbeddingPurpose.DOCUMENT).block(WAIT))
                .containsExactly(unit(WIDTH, 2));
        server.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void retriesAServerErrorAFewTimesThenFailsTransiently() {
        server.stubFor(
                post("/v1/embeddings").willReturn(aResponse().withStatus(502).withBody("Bad Gateway")));

        StepVerifier.create(clients.with("retry.max-attempts", "3").build().embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(
                        error -> assertFailure(error, FailureKind.SERVER_ERROR, true, "502", "Bad Gateway"))
                .verify(WAIT);
        server.verify(3, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void retriesAConnectionResetAndSucceeds() {
        server.stubFor(post("/v1/embeddings")
                .inScenario("reset")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("recovered"));
        server.stubFor(post("/v1/embeddings")
                .inScenario("reset")
                .whenScenarioStateIs("recovered")
                .willReturn(okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 3))))));

        assertThat(clients.build().embed("x", EmbeddingPurpose.DOCUMENT).block(WAIT))
                .containsExactly(unit(WIDTH, 3));
    }

    @Test
    void reportsARefusedConnectionAsTransientAfterRetrying() throws IOException {
        LlamaCppEmbeddingClient client = new TestClients("http://127.0.0.1:" + closedPort()).build();

        StepVerifier.create(client.embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(
                        error -> assertFailure(error, FailureKind.CONNECTION, true, "cannot reach llama.cpp"))
                .verify(WAIT);
    }

    @Test
    void timesOutASlowAnswerAndRetriesIt() {
        server.stubFor(post("/v1/embeddings")
                .willReturn(
                        okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 0)))).withFixedDelay(1000)));

        StepVerifier.create(clients.with("request-timeout", "150ms")
                        .with("retry.max-attempts", "2")
                        .build()
                        .embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(
                        error -> assertFailure(error, FailureKind.TIMEOUT, true, "did not answer", "150 ms"))
                .verify(WAIT);
        server.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void opensTheCircuitAfterRepeatedFailuresAndHalfOpensLater() {
        LlamaCppEmbeddingClient client = clients.with("retry.max-attempts", "1")
                .with("circuit-breaker.sliding-window-size", "4")
                .with("circuit-breaker.minimum-number-of-calls", "4")
                .with("circuit-breaker.wait-in-open-state", "30s")
                .build();
        server.stubFor(post("/v1/embeddings")
                .inScenario("outage")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500).withBody(LlamaCppWire.SERVER_ERROR)));
        // The window holds the successful /v1/models call and three failures: 75 % failed, the breaker opens.
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(client.embed("x", EmbeddingPurpose.DOCUMENT))
                    .expectErrorSatisfies(error -> assertFailure(error, FailureKind.SERVER_ERROR, true))
                    .verify(WAIT);
        }

        StepVerifier.create(client.embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(
                        error -> assertFailure(error, FailureKind.CIRCUIT_OPEN, true, "circuit breaker", "open"))
                .verify(WAIT);
        server.verify(3, postRequestedFor(urlEqualTo("/v1/embeddings")));

        server.stubFor(post("/v1/embeddings")
                .inScenario("outage")
                .whenScenarioStateIs("over")
                .willReturn(okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 1))))));
        server.setScenarioState("outage", "over");
        clients.clock.advance(Duration.ofSeconds(31));

        assertThat(client.embed("x", EmbeddingPurpose.DOCUMENT).block(WAIT))
                .as("the half-open trial call")
                .containsExactly(unit(WIDTH, 1));
        assertThat(client.embed("x", EmbeddingPurpose.DOCUMENT).block(WAIT))
                .as("closed again")
                .containsExactly(unit(WIDTH, 1));
        server.verify(5, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void doesNotCountBadInputAgainstTheCircuit() {
        LlamaCppEmbeddingClient client = clients.with("circuit-breaker.sliding-window-size", "2")
                .with("circuit-breaker.minimum-number-of-calls", "2")
                .build();
        server.stubFor(
                post("/v1/embeddings").willReturn(aResponse().withStatus(400).withBody(LlamaCppWire.EMPTY_INPUT)));
        for (int i = 0; i < 4; i++) {
            StepVerifier.create(client.embed("", EmbeddingPurpose.DOCUMENT))
                    .expectErrorSatisfies(error -> assertFailure(error, FailureKind.BAD_REQUEST, false))
                    .verify(WAIT);
        }
        server.verify(4, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void aConfiguredBulkheadRefusesACallAsBusyWhenNoPlaceFreesWithoutCallingTheServer() {
        LlamaCppEmbeddingClient client = clients.with("bulkhead.max-concurrent-calls", "1")
                .with("bulkhead.max-wait", "100ms")
                .build();
        server.stubFor(post("/v1/embeddings").willReturn(okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 4))))));
        client.embed("warm-up: reads the model width", EmbeddingPurpose.DOCUMENT)
                .block(WAIT);
        server.stubFor(post("/v1/embeddings")
                .willReturn(
                        okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 4)))).withFixedDelay(1_500)));

        List<Object> outcomes = Flux.merge(outcome(client, "one"), outcome(client, "two"))
                .collectList()
                .block(WAIT);

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes).filteredOn(float[].class::isInstance).hasSize(1);
        assertThat(outcomes)
                .filteredOn(Throwable.class::isInstance)
                .singleElement()
                .satisfies(error -> assertFailure((Throwable) error, FailureKind.BUSY, true, "bulkhead", "100ms"));
        assertThat(clients.registry
                        .get(EmbeddingMetrics.FAILURES)
                        .tag("kind", "busy")
                        .counter()
                        .count())
                .isEqualTo(1);
        server.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void rejectsMalformedJsonWithoutRetrying() {
        server.stubFor(post("/v1/embeddings").willReturn(okJson("this is not json")));

        StepVerifier.create(clients.build().embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(error ->
                        assertFailure(error, FailureKind.MALFORMED_RESPONSE, false, "malformed or truncated JSON"))
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void rejectsTruncatedJson() {
        String whole = LlamaCppWire.embeddings(List.of(unit(WIDTH, 0)));
        server.stubFor(post("/v1/embeddings").willReturn(okJson(whole.substring(0, whole.length() / 2))));

        StepVerifier.create(clients.build().embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(error ->
                        assertFailure(error, FailureKind.MALFORMED_RESPONSE, false, "malformed or truncated JSON"))
                .verify(WAIT);
    }

    @Test
    void rejectsAnAnswerWithFewerVectorsThanInputs() {
        server.stubFor(post("/v1/embeddings").willReturn(okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))))));

        StepVerifier.create(clients.build().embed(List.of("a", "b"), EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(
                        error -> assertFailure(error, FailureKind.MALFORMED_RESPONSE, false, "1 vectors for 2 inputs"))
                .verify(WAIT);
    }

    @Test
    void rejectsAVectorOfTheWrongLength() {
        server.stubFor(post("/v1/embeddings").willReturn(okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH - 2, 0))))));

        StepVerifier.create(clients.build().embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(
                        error -> assertFailure(error, FailureKind.INVALID_VECTOR, false, "6-d vector", "reports 8"))
                .verify(WAIT);
    }

    @Test
    void rejectsNaNWrittenAsNull() {
        server.stubFor(post("/v1/embeddings")
                .willReturn(
                        okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))).replace("[1.0,0.0", "[1.0,null"))));

        StepVerifier.create(clients.build().embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(
                        error -> assertFailure(error, FailureKind.INVALID_VECTOR, false, "component 1", "null", "NaN"))
                .verify(WAIT);
    }

    @Test
    void rejectsNaNWrittenAsALiteral() {
        server.stubFor(post("/v1/embeddings")
                .willReturn(
                        okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))).replace("[1.0,0.0", "[1.0,NaN"))));

        StepVerifier.create(clients.build().embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(
                        error -> assertFailure(error, FailureKind.INVALID_VECTOR, false, "component 1", "NaN"))
                .verify(WAIT);
    }

    /** The vector, or the failure, of one embed call. */
    private static Mono<Object> outcome(LlamaCppEmbeddingClient client, String text) {
        return client.embed(text, EmbeddingPurpose.DOCUMENT)
                .map(Object.class::cast)
                .onErrorResume(Mono::just);
    }

    private static void assertFailure(
            Throwable error, FailureKind kind, boolean transientFailure, String... messageParts) {
        assertThat(error).isInstanceOf(EmbeddingException.class);
        assertThat(((LlamaCppEmbeddingException) error).kind()).isEqualTo(kind);
        assertThat(((EmbeddingException) error).isTransient()).isEqualTo(transientFailure);
        if (messageParts.length > 0) {
            assertThat(error.getMessage()).contains(messageParts);
        }
    }

    /** Requests with exactly these inputs; preferred over {@link #stubInputs}. */
    private static void stubExactly(String inputJson, ResponseDefinitionBuilder answer) {
        server.stubFor(post("/v1/embeddings")
                .withRequestBody(matchingJsonPath("$.input", equalToJson(inputJson)))
                .atPriority(1)
                .willReturn(answer));
    }

    /** Any request with {@code count} inputs, the first of which is {@code first} when given. */
    private static void stubInputs(int count, ResponseDefinitionBuilder answer, String first) {
        var request = post("/v1/embeddings")
                .withRequestBody(matchingJsonPath("$.input.length()", equalTo(Integer.toString(count))));
        if (first != null) {
            request = request.withRequestBody(matchingJsonPath("$.input[0]", equalTo(first)));
        }
        server.stubFor(request.atPriority(5).willReturn(answer));
    }

    private static List<List<String>> inputsOfRequestsWith(int count) {
        JsonMapper json = JsonMapper.builder().build();
        return server.findAll(postRequestedFor(urlEqualTo("/v1/embeddings"))).stream()
                .map(LoggedRequest::getBodyAsString)
                .map(body -> json.readTree(body).get("input"))
                .filter(input -> input.size() == count)
                .map(input -> input.valueStream().map(JsonNode::asString).toList())
                .toList();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
