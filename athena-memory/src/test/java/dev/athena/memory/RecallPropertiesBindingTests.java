package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** {@code athena.recall.fusion} and {@code text-ranking} are enums bound from the names the documents use. */
@ExtendWith(OutputCaptureExtension.class)
class RecallPropertiesBindingTests {

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(RecallSettingsOnly.class);

    @Test
    void bindsTheDocumentedNames() {
        context.withPropertyValues("athena.recall.fusion=rrf", "athena.recall.text-ranking=ts_rank_cd")
                .run(app -> {
                    RecallProperties settings = app.getBean(RecallProperties.class);
                    assertThat(settings.fusion()).isEqualTo(RecallProperties.FusionMethod.RRF);
                    assertThat(settings.textRanking()).isEqualTo(RecallProperties.TextRanking.TS_RANK_CD);
                });
    }

    @Test
    void theDefaultsAreMinmaxAndBm25() {
        context.run(app -> {
            RecallProperties settings = app.getBean(RecallProperties.class);
            assertThat(settings.fusion()).isEqualTo(RecallProperties.FusionMethod.MINMAX);
            assertThat(settings.textRanking()).isEqualTo(RecallProperties.TextRanking.BM25);
        });
    }

    @Test
    void anUnknownFusionStopsTheStartWithTheAllowedValues(CapturedOutput output) {
        assertThatThrownBy(() -> start("--athena.recall.fusion=average"))
                .hasStackTraceContaining("athena.recall.fusion");

        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("Property: athena.recall.fusion")
                .contains("The following values are valid")
                .contains("MINMAX")
                .contains("WEIGHTED")
                .contains("RRF");
    }

    @Test
    void anUnknownTextRankingStopsTheStartWithTheAllowedValues(CapturedOutput output) {
        assertThatThrownBy(() -> start("--athena.recall.text-ranking=tfidf"))
                .hasStackTraceContaining("athena.recall.text-ranking");

        assertThat(output)
                .contains("APPLICATION FAILED TO START")
                .contains("Property: athena.recall.text-ranking")
                .contains("The following values are valid")
                .contains("BM25")
                .contains("TS_RANK_CD");
    }

    private static void start(String... arguments) {
        SpringApplication application = new SpringApplication(RecallSettingsOnly.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(arguments);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RecallProperties.class)
    static class RecallSettingsOnly {}
}
