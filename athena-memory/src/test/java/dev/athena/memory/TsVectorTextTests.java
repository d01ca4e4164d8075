package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TsVectorTextTests {

    @Test
    void countsPositionsAsTermFrequency() {
        assertThat(TsVectorText.termFrequencies("'deploy':3 'friday':5,9A 'db'"))
                .isEqualTo(Map.of("deploy", 1, "friday", 2, "db", 1));
    }

    @Test
    void readsQuotesAndBackslashesInsideLexemes() {
        assertThat(TsVectorText.termFrequencies("'it''s':1,2 'a\\\\b':4 '''':5"))
                .isEqualTo(Map.of("it's", 2, "a\\b", 1, "'", 1));
        assertThat(TsVectorText.termFrequencies("")).isEmpty();
    }
}
