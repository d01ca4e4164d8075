package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogValuesTests {

    @Test
    void lineBreaksAndControlCharactersAreEscapedSoAValueStaysOnItsLine() {
        String logged = LogValues.safe("alpha\nINFO tool=forget outcome=success\r\u0000\u0085\u2028end");

        assertThat(logged)
                .doesNotContain("\n", "\r", "\u0000", "\u0085", "\u2028")
                .isEqualTo("alpha\\nINFO tool=forget outcome=success\\r\\u0000\\u0085\\u2028end");
    }

    @Test
    void aLongValueIsCutAndSaysHowMuchWasLeftOut() {
        String logged = LogValues.safe("p".repeat(3_000_000));

        assertThat(logged)
                .hasSizeLessThan(LogValues.MAX_LOGGED_CHARS + 30)
                .startsWith("p".repeat(LogValues.MAX_LOGGED_CHARS))
                .endsWith("...(" + (3_000_000 - LogValues.MAX_LOGGED_CHARS) + " more chars)");
    }

    @Test
    void ordinaryValuesPassUnchanged() {
        assertThat(LogValues.safe("alpha-2.docs:main")).isEqualTo("alpha-2.docs:main");
        assertThat(LogValues.safe(null)).isEqualTo("null");
    }
}
