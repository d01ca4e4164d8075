package dev.athena.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import dev.athena.gateway.tools.Caller;
import org.junit.jupiter.api.Test;

class ApiKeysTests {

    @Test
    void bindsEachKeyToItsProjectsOrToAll() {
        ApiKeys keys = ApiKeys.parse(List.of("k1:alpha|beta", " k2:* ", "k3:repo:athena"));

        Caller first = keys.caller("k1").orElseThrow();
        assertThat(first.mayAccess("alpha")).isTrue();
        assertThat(first.mayAccess("beta")).isTrue();
        assertThat(first.mayAccess("gamma")).isFalse();
        assertThat(first.allProjects()).isFalse();
        assertThat(keys.caller("k2").orElseThrow().mayAccess("anything")).isTrue();
        assertThat(keys.caller("k3").orElseThrow().mayAccess("repo:athena")).isTrue();
        assertThat(keys.caller("k4")).isEmpty();
        assertThat(keys.enabled()).isTrue();
    }

    @Test
    void noKeysMeansOff() {
        assertThat(ApiKeys.parse(List.of()).enabled()).isFalse();
        assertThat(ApiKeys.parse(List.of("")).enabled()).isFalse();
    }

    @Test
    void aFingerprintIdentifiesTheKeyWithoutRevealingIt() {
        Caller caller =
                ApiKeys.parse(List.of("s3cret-key:alpha")).caller("s3cret-key").orElseThrow();

        assertThat(caller.keyFingerprint())
                .hasSize(8)
                .matches("[0-9a-f]+")
                .isEqualTo(ApiKeys.digest("s3cret-key").substring(0, 8));
        assertThat(caller.toString()).doesNotContain("s3cret-key");
    }

    @Test
    void malformedEntriesStopTheStartWithoutNamingTheKey() {
        for (String entry :
                List.of("s3cret-key", "s3cret-key:", ":alpha", "s3cret-key:alpha||beta", "s3cret-key:*|alpha")) {
            assertThatIllegalArgumentException()
                    .as(entry)
                    .isThrownBy(() -> ApiKeys.parse(List.of(entry)))
                    .withMessageStartingWith("athena.gateway.api-keys[0]")
                    .withMessageNotContaining("s3cret");
        }
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiKeys.parse(List.of("s3cret-key:a", "s3cret-key:b")))
                .withMessageContaining("[1] repeats")
                .withMessageNotContaining("s3cret");
    }
}
