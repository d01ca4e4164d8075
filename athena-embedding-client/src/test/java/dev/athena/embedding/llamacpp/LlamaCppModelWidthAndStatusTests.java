package dev.athena.embedding.llamacpp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.athena.embedding.llamacpp.LlamaCppWire.unit;
import static dev.athena.embedding.llamacpp.TestClients.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.embedding.EmbeddingStatus;
import dev.athena.embedding.EmbeddingStatus.State;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import reactor.test.StepVerifier;

/** The served model's width against the configuration, at start-up and later, and the status behind /health. */
class LlamaCppModelWidthAndStatusTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private TestClients clients;

    @BeforeEach
    void healthyServer() {
        clients = new TestClients(server.baseUrl()).with("task-prefixes", "none");
        server.stubFor(get("/health").willReturn(okJson(LlamaCppWire.HEALTH_OK)));
    }

    @Test
    void refusesToStartWhenTheServedWidthDisagreesNamingBothNumbers() {
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models(768))));
        LlamaCppEmbeddingClient client = clients.dimension(384).build();

        assertThatThrownBy(() -> startupCheck(client))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("athena.embedding.dimension is 384")
                .hasMessageContaining("produces 768-d vectors")
                .hasMessageContaining(LlamaCppWire.SERVED_MODEL_ID)
                .hasMessageContaining("matryoshka-truncation");
    }

    @Test
    void startsButReportsDownAndRefusesToEmbedWhenConfiguredToReportAMismatch() {
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models(768))));
        LlamaCppEmbeddingClient client =
                clients.dimension(384).with("dimension-mismatch", "report").build();

        assertThatNoException().isThrownBy(() -> startupCheck(client));

        EmbeddingStatus status = client.status().block(WAIT);
        assertThat(status.state()).isEqualTo(State.DOWN);
        assertThat(status.detail()).contains("384", "768");
        StepVerifier.create(client.embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(error -> {
                    assertThat(((LlamaCppEmbeddingException) error).kind()).isEqualTo(FailureKind.DIMENSION_MISMATCH);
                    assertThat(error.getMessage()).contains("384", "768");
                })
                .verify(WAIT);
        server.verify(0, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void acceptsAWiderModelWhenMatryoshkaTruncationIsOn() {
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models(768))));
        LlamaCppEmbeddingClient client =
                clients.dimension(256).with("matryoshka-truncation", "true").build();

        assertThatNoException().isThrownBy(() -> startupCheck(client));
        assertThat(client.status().block(WAIT).state()).isEqualTo(State.UP);
    }

    @Test
    void refusesANarrowerModelEvenWithMatryoshkaTruncation() {
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models(384))));
        LlamaCppEmbeddingClient client =
                clients.dimension(512).with("matryoshka-truncation", "true").build();

        assertThatThrownBy(() -> startupCheck(client))
                .hasMessageContaining("is 512")
                .hasMessageContaining("384-d");
    }

    @Test
    void startsWhenTheServerIsDownAndChecksTheWidthWhenItAnswers() throws IOException {
        LlamaCppEmbeddingClient client = new TestClients("http://127.0.0.1:" + closedPort())
                .with("retry.max-attempts", "1")
                .build();

        assertThatNoException().isThrownBy(() -> startupCheck(client));
        assertThat(client.status().block(WAIT).state()).isEqualTo(State.DOWN);
    }

    @Test
    void startsWhenTheServerIsLoading() {
        server.stubFor(get("/v1/models").willReturn(aResponse().withStatus(503).withBody(LlamaCppWire.LOADING_MODEL)));
        LlamaCppEmbeddingClient client =
                clients.with("startup-check-timeout", "200ms").build();

        assertThatNoException().isThrownBy(() -> startupCheck(client));
    }

    @Test
    void readsTheWidthAgainWhenTheServerComesBackAndNoticesAnotherModel() {
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models(WIDTH))));
        server.stubFor(post("/v1/embeddings").willReturn(okJson(LlamaCppWire.embeddings(List.of(unit(WIDTH, 0))))));
        LlamaCppEmbeddingClient client =
                clients.with("dimension-mismatch", "report").build();
        assertThat(client.embed("x", EmbeddingPurpose.DOCUMENT).block(WAIT)).containsExactly(unit(WIDTH, 0));

        // The server goes away (a restart) ...
        server.stubFor(get("/health").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(client.status().block(WAIT).state()).isEqualTo(State.DOWN);
        // ... and comes back serving a wider model.
        server.stubFor(get("/health").willReturn(okJson(LlamaCppWire.HEALTH_OK)));
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models("other-model.gguf", 2 * WIDTH))));

        EmbeddingStatus status = client.status().block(WAIT);
        assertThat(status.state()).isEqualTo(State.DOWN);
        assertThat(status.detail()).contains("other-model.gguf", "16-d", "is 8");
        server.verify(2, getRequestedFor(urlEqualTo("/v1/models")));
    }

    @Test
    void checksEveryVectorWhenTheServerDoesNotTellItsWidth() {
        server.stubFor(get("/v1/models").willReturn(notFound()));
        server.stubFor(post("/v1/embeddings").willReturn(okJson(LlamaCppWire.embeddings(List.of(unit(2 * WIDTH, 0))))));
        LlamaCppEmbeddingClient client = clients.build();

        StepVerifier.create(client.embed("x", EmbeddingPurpose.DOCUMENT))
                .expectErrorSatisfies(error -> assertThat(error)
                        .hasMessageContaining("16-d vector")
                        .hasMessageContaining("athena.embedding.dimension is 8"))
                .verify(WAIT);
    }

    @Test
    void isUpWhenTheServerIsHealthyAndItsWidthMatches() {
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models(WIDTH))));

        assertThat(clients.build().status().block(WAIT)).isEqualTo(EmbeddingStatus.up());
    }

    @Test
    void isLoadingNotDownWhileTheServerLoadsItsModel() {
        server.stubFor(get("/health").willReturn(aResponse().withStatus(503).withBody(LlamaCppWire.LOADING_MODEL)));

        EmbeddingStatus status = clients.build().status().block(WAIT);

        assertThat(status.state()).isEqualTo(State.LOADING);
        assertThat(status.detail()).contains("Loading model");
    }

    @Test
    void isDownWhenNothingListens() throws IOException {
        EmbeddingStatus status = new TestClients("http://127.0.0.1:" + closedPort())
                .build()
                .status()
                .block(WAIT);

        assertThat(status.state()).isEqualTo(State.DOWN);
        assertThat(status.detail()).contains("cannot reach llama.cpp");
    }

    @Test
    void isDownWhenTheHealthCheckTakesTooLong() {
        server.stubFor(get("/health").willReturn(okJson(LlamaCppWire.HEALTH_OK).withFixedDelay(1000)));

        EmbeddingStatus status =
                clients.with("status-timeout", "100ms").build().status().block(WAIT);

        assertThat(status.state()).isEqualTo(State.DOWN);
        assertThat(status.detail()).contains("100 ms");
    }

    @Test
    void isDownWhileTheCircuitIsOpen() {
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models(WIDTH))));
        server.stubFor(
                post("/v1/embeddings").willReturn(aResponse().withStatus(500).withBody(LlamaCppWire.SERVER_ERROR)));
        LlamaCppEmbeddingClient client = clients.with("retry.max-attempts", "1")
                .with("circuit-breaker.sliding-window-size", "2")
                .with("circuit-breaker.minimum-number-of-calls", "2")
                .build();
        for (int i = 0; i < 2; i++) {
            StepVerifier.create(client.embed("x", EmbeddingPurpose.DOCUMENT))
                    .expectError()
                    .verify(WAIT);
        }

        EmbeddingStatus status = client.status().block(WAIT);

        assertThat(status.state()).isEqualTo(State.DOWN);
        assertThat(status.detail()).contains("circuit breaker", "open");
    }

    private static void startupCheck(LlamaCppEmbeddingClient client) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("client", client);
        new LlamaCppStartupCheck(beans.getBeanProvider(LlamaCppEmbeddingClient.class)).afterSingletonsInstantiated();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
