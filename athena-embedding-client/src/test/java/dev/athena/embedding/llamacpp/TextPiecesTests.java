package dev.athena.embedding.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TextPiecesTests {

    @Test
    void splitsAtWhitespaceIntoPiecesOfAboutEqualLength() {
        List<String> pieces = TextPieces.split("one two three four five six seven eight nine", 3);

        assertThat(pieces).hasSize(3);
        assertThat(String.join(" ", pieces)).isEqualTo("one two three four five six seven eight nine");
        assertThat(pieces).allSatisfy(piece -> assertThat(piece.length()).isBetween(8, 20));
    }

    @Test
    void splitsTextWithoutWhitespaceAnywhereButInsideASurrogatePair() {
        String text = "ab\uD83D\uDE00cd";

        List<String> pieces = TextPieces.split(text, 2);

        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces).allSatisfy(piece -> {
            assertThat(Character.isLowSurrogate(piece.charAt(0))).isFalse();
            assertThat(Character.isHighSurrogate(piece.charAt(piece.length() - 1)))
                    .isFalse();
        });
    }

    @Test
    void neverMakesMorePiecesThanCharacters() {
        assertThat(TextPieces.split("abc", 10)).containsExactly("a", "b", "c");
    }

    @Test
    void keepsTheHeadUpToTheLastWhitespaceBeforeTheLimit() {
        assertThat(TextPieces.head("the quick brown fox jumps", 12)).isEqualTo("the quick");
    }

    @Test
    void keepsATextWithinTheLimitWhole() {
        assertThat(TextPieces.head("short", 12)).isEqualTo("short");
    }

    @Test
    void cutsTheHeadOfATextWithoutWhitespaceAtTheLimit() {
        assertThat(TextPieces.head("abcdefghij", 4)).isEqualTo("abcd");
    }
}
