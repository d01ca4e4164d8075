package dev.athena.embedding.llamacpp;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingClientAutoConfiguration;
import dev.athena.embedding.EmbeddingProperties;
import dev.athena.embedding.HashEmbeddingClient;
import dev.athena.embedding.OnnxEmbeddingClient;
import dev.athena.resilience.ResilienceProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Which client the application gets: ONNX by default, llama.cpp when {@code LLAMACPP_EMBEDDINGS_URL} is set, and how
 * the LLAMACPP_* variables and explicit settings combine. The environment is built as Spring Boot builds it: a
 * system-environment source above the application.yml of the gateway ({@code provider: onnx}, {@code dimension: 384}).
 */
class LlamaCppEmbeddingAutoConfigurationTests {

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final Map<String, Object> GATEWAY_APPLICATION_YML =
            Map.of("athena.embedding.provider", "onnx", "athena.embedding.dimension", "384");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    WebClientAutoConfiguration.class,
                    EmbeddingClientAutoConfiguration.class,
                    LlamaCppEmbeddingAutoConfiguration.class));

    @BeforeEach
    void serveNomicEmbed() {
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models(768))));
    }

    @Test
    void runsOnOnnxWhenNoLlamaCppVariableIsSet() {
        runner.withInitializer(environment(Map.of())).run(context -> {
            assertThat(context).hasSingleBean(EmbeddingClient.class);
            assertThat(context.getBean(EmbeddingClient.class)).isInstanceOf(OnnxEmbeddingClient.class);
        });
    }

    @Test
    void runsAgainstLlamaCppWhenItsUrlIsSetWithTheSeedDimension() {
        runner.withInitializer(environment(Map.of("LLAMACPP_EMBEDDINGS_URL", server.baseUrl())))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    EmbeddingClient client = context.getBean(EmbeddingClient.class);
                    assertThat(client).isInstanceOf(LlamaCppEmbeddingClient.class);
                    assertThat(client.model().dimension()).isEqualTo(768);
                    assertThat(context.getBean(LlamaCppEmbeddingProperties.class)
                                    .baseUrl())
                            .isEqualTo(URI.create(server.baseUrl()));
                    assertThat(client.status().block(Duration.ofSeconds(5)).detail())
                            .doesNotContain("mismatch");
                });
    }

    @Test
    void takesTheDimensionAndApiKeyFromTheSeedVariables() {
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models(512))));
        Map<String, String> variables = Map.of(
                "LLAMACPP_EMBEDDINGS_URL",
                server.baseUrl(),
                "LLAMACPP_EMBEDDING_DIM",
                "512",
                "LLAMACPP_API_KEY",
                "shared-key");

        runner.withInitializer(environment(variables)).run(context -> {
            assertThat(context.getBean(EmbeddingProperties.class).dimension()).isEqualTo(512);
            assertThat(context.getBean(LlamaCppEmbeddingProperties.class).apiKey())
                    .isEqualTo("shared-key");
        });
    }

    @Test
    void prefersTheEmbeddingServersOwnApiKeyVariable() {
        Map<String, String> variables = Map.of(
                "LLAMACPP_EMBEDDINGS_URL",
                server.baseUrl(),
                "LLAMACPP_API_KEY",
                "shared-key",
                "LLAMACPP_EMBEDDINGS_API_KEY",
                "embedding-key");

        runner.withInitializer(environment(variables))
                .run(context -> assertThat(context.getBean(LlamaCppEmbeddingProperties.class)
                                .apiKey())
                        .isEqualTo("embedding-key"));
    }

    @Test
    void letsAnExplicitProviderVariableWinOverTheUrl() {
        Map<String, String> variables = Map.of(
                "LLAMACPP_EMBEDDINGS_URL",
                server.baseUrl(),
                "LLAMACPP_EMBEDDING_DIM",
                "768",
                "ATHENA_EMBEDDING_PROVIDER",
                "onnx");

        runner.withInitializer(environment(variables)).run(context -> {
            assertThat(context.getBean(EmbeddingClient.class)).isInstanceOf(OnnxEmbeddingClient.class);
            assertThat(context.getBean(EmbeddingProperties.class).dimension()).isEqualTo(384);
        });
    }

    @Test
    void runsOnTheHashStandInWhenChosenEvenWithALlamaCppUrl() {
        Map<String, String> variables = Map.of(
                "LLAMACPP_EMBEDDINGS_URL",
                server.baseUrl(),
                "ATHENA_EMBEDDING_PROVIDER",
                "hash",
                "ATHENA_EMBEDDING_DIMENSION",
                "768");

        runner.withInitializer(environment(variables)).run(context -> {
            assertThat(context).hasSingleBean(EmbeddingClient.class);
            EmbeddingClient client = context.getBean(EmbeddingClient.class);
            assertThat(client).isInstanceOf(HashEmbeddingClient.class);
            assertThat(client.model().dimension()).isEqualTo(768);
        });
    }

    @Test
    void letsAnExplicitDimensionVariableWinOverTheSeedDefault() {
        server.stubFor(get("/v1/models").willReturn(okJson(LlamaCppWire.models(256))));
        Map<String, String> variables =
                Map.of("LLAMACPP_EMBEDDINGS_URL", server.baseUrl(), "ATHENA_EMBEDDING_DIMENSION", "256");

        runner.withInitializer(environment(variables))
                .run(context -> assertThat(
                                context.getBean(EmbeddingClient.class).model().dimension())
                        .isEqualTo(256));
    }

    @Test
    void refusesToStartWhenTheServerServesAnotherWidth() {
        Map<String, String> variables =
                Map.of("LLAMACPP_EMBEDDINGS_URL", server.baseUrl(), "LLAMACPP_EMBEDDING_DIM", "384");

        runner.withInitializer(environment(variables)).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("athena.embedding.dimension is 384")
                    .hasMessageContaining("768-d");
        });
    }

    @Test
    void bindsTheDocumentedDefaults() {
        runner.withPropertyValues(
                        "athena.embedding.provider=llamacpp",
                        "athena.embedding.dimension=768",
                        "athena.embedding.llamacpp.base-url=" + server.baseUrl())
                .run(context -> {
                    LlamaCppEmbeddingProperties properties = context.getBean(LlamaCppEmbeddingProperties.class);
                    assertThat(properties.model()).isEqualTo("nomic-embed-text-v1.5");
                    assertThat(properties.api()).isEqualTo(LlamaCppEmbeddingProperties.Api.OPENAI);
                    assertThat(properties.maxBatchSize()).isEqualTo(LlamaCppEmbeddingProperties.DEFAULT_MAX_BATCH_SIZE);
                    assertThat(properties.maxConcurrentRequests())
                            .isEqualTo(LlamaCppEmbeddingProperties.DEFAULT_MAX_CONCURRENT_REQUESTS);
                    assertThat(properties.taskPrefixes()).isEqualTo(LlamaCppEmbeddingProperties.TaskPrefixes.AUTO);
                    assertThat(properties.oversize()).isEqualTo(LlamaCppEmbeddingProperties.OversizePolicy.SPLIT);
                    assertThat(properties.dimensionMismatch())
                            .isEqualTo(LlamaCppEmbeddingProperties.DimensionMismatchPolicy.FAIL);
                    assertThat(properties.retry().maxAttempts()).isEqualTo(3);
                    assertThat(properties.loading().maxWait()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(properties.circuitBreaker().waitInOpenState()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(properties.queryCache().maxEntries()).isEqualTo(1000);
                    assertThat(properties.apiKey()).isEmpty();
                });
    }

    @Test
    void bindsTheNestedResilienceShape() {
        runner.withPropertyValues(
                        "athena.embedding.provider=llamacpp",
                        "athena.embedding.dimension=768",
                        "athena.embedding.llamacpp.base-url=" + server.baseUrl(),
                        "athena.embedding.llamacpp.retry.max-attempts=5",
                        "athena.embedding.llamacpp.retry.initial-backoff=50ms",
                        "athena.embedding.llamacpp.circuit-breaker.failure-rate-threshold=80",
                        "athena.embedding.llamacpp.circuit-breaker.permitted-calls-in-half-open-state=3",
                        "athena.embedding.llamacpp.bulkhead.max-concurrent-calls=6",
                        "athena.embedding.llamacpp.bulkhead.max-wait=2s")
                .run(context -> {
                    ResilienceProperties resilience =
                            context.getBean(LlamaCppEmbeddingProperties.class).resilience();
                    assertThat(resilience)
                            .isEqualTo(new ResilienceProperties(
                                    new ResilienceProperties.Retry(
                                            5, Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(2)),
                                    new ResilienceProperties.CircuitBreaker(80f, 10, 5, Duration.ofSeconds(30), 3),
                                    new ResilienceProperties.Bulkhead(6, Duration.ofSeconds(2))));
                });
    }

    @Test
    void bindsTheResilienceDefaultsWithoutABulkhead() {
        runner.withPropertyValues(
                        "athena.embedding.provider=llamacpp",
                        "athena.embedding.dimension=768",
                        "athena.embedding.llamacpp.base-url=" + server.baseUrl())
                .run(context -> assertThat(context.getBean(LlamaCppEmbeddingProperties.class)
                                .resilience())
                        .isEqualTo(LlamaCppEmbeddingProperties.DEFAULT_RESILIENCE)
                        .extracting(ResilienceProperties::bulkhead)
                        .extracting(ResilienceProperties.Bulkhead::limited)
                        .isEqualTo(false));
    }

    @Test
    void rejectsAnOutOfRangeResilienceValueNamingTheProperty() {
        runner.withPropertyValues(
                        "athena.embedding.provider=llamacpp",
                        "athena.embedding.dimension=768",
                        "athena.embedding.llamacpp.base-url=" + server.baseUrl(),
                        "athena.embedding.llamacpp.circuit-breaker.failure-rate-threshold=120")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage("athena.embedding.llamacpp.circuit-breaker"
                                + ".failure-rate-threshold must be within (0, 100], was 120.0"));
    }

    @Test
    void rejectsAnUnknownProvider() {
        runner.withPropertyValues("athena.embedding.provider=openai")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("must be one of [onnx, llamacpp, hash]"));
    }

    @Test
    void postProcessesTheEnvironmentOfARealApplication() {
        SpringApplication application = new SpringApplication(MinimalApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        // Default properties are the lowest source; the processor reads the variable from wherever it is set.
        application.setDefaultProperties(
                Map.of("LLAMACPP_EMBEDDINGS_URL", server.baseUrl(), "spring.main.banner-mode", "off"));

        try (ConfigurableApplicationContext context = application.run()) {
            EmbeddingClient client = context.getBean(EmbeddingClient.class);
            assertThat(client).isInstanceOf(LlamaCppEmbeddingClient.class);
            assertThat(client.model().dimension()).isEqualTo(LlamaCppEnvironmentPostProcessor.NOMIC_EMBED_DIMENSION);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
        WebClientAutoConfiguration.class,
        EmbeddingClientAutoConfiguration.class,
        LlamaCppEmbeddingAutoConfiguration.class
    })
    static class MinimalApplication {}

    /** Sets the given environment variables and the gateway's application.yml, then runs the post-processor. */
    private static ApplicationContextInitializer<ConfigurableApplicationContext> environment(
            Map<String, String> variables) {
        return context -> {
            var sources = context.getEnvironment().getPropertySources();
            sources.replace(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(variables)));
            sources.addLast(new MapPropertySource(
                    "Config resource 'class path resource [application.yml]'", GATEWAY_APPLICATION_YML));
            new LlamaCppEnvironmentPostProcessor()
                    .postProcessEnvironment(context.getEnvironment(), new SpringApplication());
        };
    }
}
