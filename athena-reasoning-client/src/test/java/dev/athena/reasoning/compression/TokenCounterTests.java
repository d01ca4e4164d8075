package dev.athena.reasoning.compression;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenCounterTests {

    @Test
    void countsWithCl100k() {
        assertThat(TokenCounter.count("hello world")).isEqualTo(2);
        assertThat(TokenCounter.count("")).isZero();
    }

    @Test
    void specialTokenTextIsOrdinaryText() {
        assertThat(TokenCounter.count("<|endoftext|>")).isGreaterThan(1);
    }
}
