package dev.athena.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.athena.gateway.GatewayProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.annotation.Configuration;

class ApiKeysConfigurationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GatewayProperties.class)
    static class Properties {}

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(Properties.class, ApiKeysConfiguration.class);

    @Test
    void aKeyListOfBlanksStopsTheStartInsteadOfTurningAuthenticationOff() {
        context.withPropertyValues("ATHENA_API_KEYS= , ", "athena.gateway.api-keys= , ")
                .run(started -> {
                    assertThat(started).hasFailed();
                    assertThat(started.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                            .hasMessageContaining("athena.gateway.api-keys");
                    assertThat(((InvalidConfigurationPropertyValueException) rootCause(started.getStartupFailure()))
                                    .getReason())
                            .contains("ATHENA_API_KEYS is set but names no key");
                });
    }

    @Test
    void anEmptyKeyVariableStopsTheStartToo() {
        context.withPropertyValues("ATHENA_API_KEYS=")
                .run(started -> assertThat(started).hasFailed());
    }

    @Test
    void aMalformedEntryStopsTheStartWithAReasonAndWithoutTheKey() {
        context.withPropertyValues("athena.gateway.api-keys=s3cret-key").run(started -> {
            assertThat(started).hasFailed();
            var failure = (InvalidConfigurationPropertyValueException) rootCause(started.getStartupFailure());
            assertThat(failure.getReason()).startsWith("athena.gateway.api-keys[0] must read");
            assertThat(failure.getValue()).isEqualTo("(not shown)");
            assertThat(failure.getMessage()).doesNotContain("s3cret");
        });
    }

    @Test
    void noKeyListAtAllIsOpenMode() {
        context.run(
                started -> assertThat(started.getBean(ApiKeys.class).enabled()).isFalse());
        context.withPropertyValues("ATHENA_API_KEYS=k3y:alpha", "athena.gateway.api-keys=k3y:alpha")
                .run(started ->
                        assertThat(started.getBean(ApiKeys.class).enabled()).isTrue());
    }

    @Test
    void openModeListensOnLoopbackUnlessAnAddressIsGiven() {
        TomcatServletWebServerFactory unset = new TomcatServletWebServerFactory();
        new OpenModeLoopbackBinding(false, false).customize(unset);
        assertThat(unset.getAddress()).isNotNull().matches(address -> address.isLoopbackAddress());

        TomcatServletWebServerFactory explicit = new TomcatServletWebServerFactory();
        new OpenModeLoopbackBinding(false, true).customize(explicit);
        assertThat(explicit.getAddress())
                .as("server.address applied by Boot, left alone")
                .isNull();

        TomcatServletWebServerFactory withKeys = new TomcatServletWebServerFactory();
        new OpenModeLoopbackBinding(true, false).customize(withKeys);
        assertThat(withKeys.getAddress())
                .as("with API keys every interface, as before")
                .isNull();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
