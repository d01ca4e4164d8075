package dev.athena.reasoning.compression;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

class LlmLinguaPromptCompressorTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CONTEXT = "The build keeps failing because the test recallsNewestFirst is flaky; "
            + "two memories are created within the same millisecond.";

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private LlmLinguaPromptCompressor compressor(String baseUrl, String timeout) {
        return new LlmLinguaPromptCompressor(
                WebClient.builder(), new LlmLinguaProperties(baseUrl, Duration.parse("PT" + timeout), 2, true));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    @Test
    void sendsTheContractsRequestAndReadsTheLibrarysAnswer() {
        // As llmlingua's compress_prompt returns it: the ratio is a string, which Athena ignores and recomputes.
        server.stubFor(post("/compress").willReturn(json(200, """
                {"compressed_prompt":"build failing test recallsNewestFirst flaky two memories same millisecond",
                 "origin_tokens":28,"compressed_tokens":12,"ratio":"2.3x","rate":"42.9%","saving":", Saving $0.0 in \
                GPT-4."}""")));

        StepVerifier.create(compressor(server.baseUrl(), "5S")
                        .compress(CONTEXT, "Why is the build failing?", 0.4, List.of("flaky")))
                .assertNext(result -> {
                    assertThat(result.text())
                            .isEqualTo("build failing test recallsNewestFirst flaky two memories same millisecond");
                    assertThat(result.originalTokens()).isEqualTo(28);
                    assertThat(result.compressedTokens()).isEqualTo(12);
                    assertThat(result.ratio()).isEqualTo(12.0 / 28);
                    assertThat(result.compressor()).isEqualTo("llmlingua-2");
                })
                .expectComplete()
                .verify(WAIT);

        server.verify(postRequestedFor(urlEqualTo("/compress")).withRequestBody(equalToJson("""
                {"context":"%s","instruction":"Why is the build \
                failing?","rate":0.4,"force_tokens":["flaky"]}""".formatted(CONTEXT))));
    }

    @Test
    void countsTokensItselfWhenTheServiceDoesNot() {
        server.stubFor(
                post("/compress").willReturn(json(200, "{\"compressed_prompt\":\"test recallsNewestFirst flaky\"}")));

        StepVerifier.create(compressor(server.baseUrl(), "5S").compress(CONTEXT, null, 0.3, List.of()))
                .assertNext(result -> {
                    assertThat(result.originalTokens()).isEqualTo(TokenCounter.count(CONTEXT));
                    assertThat(result.compressedTokens())
                            .isEqualTo(TokenCounter.count("test recallsNewestFirst flaky"));
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void aServerErrorIsRetriedOnce() {
        server.stubFor(post("/compress")
                .inScenario("5xx")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("ok")
                .willReturn(json(503, "{\"detail\":\"model loading\"}")));
        server.stubFor(post("/compress")
                .inScenario("5xx")
                .whenScenarioStateIs("ok")
                .willReturn(json(
                        200, "{\"compressed_prompt\":\"flaky test\",\"origin_tokens\":28,\"compressed_tokens\":2}")));

        StepVerifier.create(compressor(server.baseUrl(), "5S").compress(CONTEXT, null, 0.1, List.of()))
                .assertNext(result -> assertThat(result.text()).isEqualTo("flaky test"))
                .expectComplete()
                .verify(WAIT);
        server.verify(2, postRequestedFor(urlEqualTo("/compress")));
    }

    @Test
    void aRejectedRequestFailsWithoutRetry() {
        server.stubFor(post("/compress").willReturn(json(422, "{\"detail\":\"rate must be in (0, 1]\"}")));

        StepVerifier.create(compressor(server.baseUrl(), "5S").compress(CONTEXT, null, 0.5, List.of()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(CompressionException.class)
                        .hasMessageContaining("422")
                        .hasMessageContaining("rate must be"))
                .verify(WAIT);
        server.verify(1, postRequestedFor(urlEqualTo("/compress")));
    }

    @Test
    void anAnswerWithoutTheCompressedPromptIsAnError() {
        server.stubFor(post("/compress").willReturn(json(200, "{\"status\":\"ok\"}")));

        StepVerifier.create(compressor(server.baseUrl(), "5S").compress(CONTEXT, null, 0.5, List.of()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(CompressionException.class)
                        .hasMessageContaining("compressed_prompt"))
                .verify(WAIT);
    }

    @Test
    void aSlowServiceTimesOut() {
        server.stubFor(post("/compress")
                .willReturn(json(200, "{\"compressed_prompt\":\"late\"}").withFixedDelay(3_000)));

        StepVerifier.create(compressor(server.baseUrl(), "0.3S").compress(CONTEXT, null, 0.5, List.of()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(CompressionException.class)
                        .hasMessageContaining("300 ms"))
                .verify(WAIT);
    }

    @Test
    void whenTheServiceIsDownTheBuiltInCompressorTakesOver() {
        PromptCompressor withFallback =
                new FallbackPromptCompressor(compressor("http://127.0.0.1:1", "2S"), new BuiltInPromptCompressor(512));
        String context = CompressionCorpus.ALL.get(3).text();

        StepVerifier.create(withFallback.compress(context, "Why did recall get slow?", 0.5, List.of("planner")))
                .assertNext(result -> {
                    assertThat(result.compressor()).isEqualTo("builtin");
                    assertThat(result.ratio()).isBetween(0.45, 0.55);
                    assertThat(result.text()).contains("planner");
                })
                .expectComplete()
                .verify(WAIT);
    }
}
