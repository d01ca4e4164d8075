package dev.athena.consolidation.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingModelInfo;
import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.embedding.EmbeddingStatus;
import dev.athena.reasoning.ReasoningClientAutoConfiguration;
import dev.athena.reasoning.ReasoningUnavailableException;
import dev.athena.reasoning.compression.PromptCompressionAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class LocalLlmClientTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static WireMockExtension reasoningServer = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    /** Records the purposes it is asked for; vectors are the text length, enough to tell calls apart. */
    static final class RecordingEmbeddings implements EmbeddingClient {

        final List<EmbeddingPurpose> purposes = new ArrayList<>();

        @Override
        public EmbeddingModelInfo model() {
            return new EmbeddingModelInfo("recording", 2);
        }

        @Override
        public Mono<List<float[]>> embed(List<String> texts, EmbeddingPurpose purpose) {
            purposes.add(purpose);
            return Mono.just(texts.stream().map(text -> new float[] {text.length(), 1}).toList());
        }

        @Override
        public Mono<EmbeddingStatus> status() {
            return Mono.just(EmbeddingStatus.up());
        }
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ReasoningClientAutoConfiguration.class,
                    PromptCompressionAutoConfiguration.class, LocalLlmClientAutoConfiguration.class))
            .withBean(RecordingEmbeddings.class, RecordingEmbeddings::new);

    @Test
    void embedsReasonsAndCompressesThroughTheConfiguredModels() {
        reasoningServer.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Two patterns."}}],
                         "usage":{"prompt_tokens":30,"completion_tokens":3}}""")));

        context.withPropertyValues("athena.reasoning.provider=llamacpp", "athena.reasoning.llamacpp.base-url=" + reasoningServer.baseUrl())
                .run(app -> {
                    LocalLlmClient llm = app.getBean(LocalLlmClient.class);

                    StepVerifier.create(llm.embed("semantic search query"))
                            .assertNext(vector -> assertThat(vector).containsExactly(21f, 1f)).expectComplete().verify(WAIT);
                    assertThat(app.getBean(RecordingEmbeddings.class).purposes).containsExactly(EmbeddingPurpose.QUERY);

                    StepVerifier.create(llm.reason("Analyze these patterns", "You are a consolidation engine", 1000))
                            .assertNext(result -> assertThat(result.text()).isEqualTo("Two patterns."))
                            .expectComplete().verify(WAIT);
                    reasoningServer.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(equalToJson("""
                            {"messages":[{"role":"system","content":"You are a consolidation engine"},
                                         {"role":"user","content":"Analyze these patterns"}],"max_tokens":1000}""", true, true)));

                    String context = "The reasoning server runs with 4 slots, so each slot gets 8192 tokens of the 32768-token "
                            + "context; long consolidation prompts may therefore fail with exceed_context_size_error, and the "
                            + "operator should either lower the number of slots or raise the context size of the server.";
                    StepVerifier.create(llm.compressPrompt(context, "Why do prompts fail?", 0.5))
                            .assertNext(compressed -> {
                                assertThat(compressed.compressedTokens()).isLessThan(compressed.originalTokens());
                                assertThat(compressed.text()).contains("8192", "32768-token", "exceed_context_size_error");
                                assertThat(compressed.compressor()).isEqualTo("builtin");
                            })
                            .expectComplete().verify(WAIT);
                });
    }

    @Test
    void withoutAReasoningModelReasoningFailsAsNotConfiguredWhileTheRestWorks() {
        context.run(app -> {
            LocalLlmClient llm = app.getBean(LocalLlmClient.class);

            StepVerifier.create(llm.reason("Analyze these patterns"))
                    .expectErrorSatisfies(error -> assertThat(((ReasoningUnavailableException) error).reason())
                            .isEqualTo(ReasoningUnavailableException.Reason.NOT_CONFIGURED))
                    .verify(WAIT);
            StepVerifier.create(llm.embed("a document", EmbeddingPurpose.DOCUMENT)).expectNextCount(1).expectComplete().verify(WAIT);
        });
    }
}
