package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TermTiersTests {

    private static final TermStatistics STATISTICS = new TermStatistics(
            100_000, Map.of("api", 0.17, "use", 0.036, "port", 0.035, "checkout", 0.035, "stage", 0.02), 0.0005);

    @Test
    void gathersFromAllSelectedTermsDownToAnyOneWithoutOverlap() {
        assertThat(TermTiers.of(List.of("c", "a", "b"), STATISTICS))
                .containsExactly(
                        "('a' & 'b' & 'c')",
                        "(('a' & 'b') | ('a' & 'c') | ('b' & 'c')) & !(('a' & 'b' & 'c'))",
                        "('a' | 'b' | 'c') & !(('a' & 'b') | ('a' & 'c') | ('b' & 'c'))");
    }

    @Test
    void selectsTheRarestTermsAndLeavesTheCommonOnesToTheRanking() {
        List<String> tiers = TermTiers.of(List.of("api", "use", "port", "checkout", "inc-2118", "stage"), STATISTICS);

        assertThat(tiers).hasSize(TermTiers.MAX_TERMS);
        assertThat(tiers.get(0)).isEqualTo("('inc-2118' & 'stage' & 'checkout')");
        assertThat(String.join(" ", tiers)).doesNotContain("'api'", "'use'", "'port'");
    }

    @Test
    void aSingleTermIsOneTier() {
        assertThat(TermTiers.of(List.of("deploy"), STATISTICS)).containsExactly("'deploy'");
    }

    @Test
    void quotesLexemesSoThatTheyAreTakenLiterally() {
        assertThat(TermTiers.literal("o'brien")).isEqualTo("'o''brien'");
        assertThat(TermTiers.literal("a\\b")).isEqualTo("'a\\\\b'");
        assertThat(TermTiers.literal("x & !y | z")).isEqualTo("'x & !y | z'");
    }

    @Test
    void atLeastKOfTheTermsIsEveryKTermConjunction() {
        List<String> terms = List.of("'a'", "'b'", "'c'", "'d'").stream()
                .map(t -> t.substring(1, 2))
                .toList();

        assertThat(TermTiers.atLeast(terms, 2))
                .isEqualTo("('a' & 'b') | ('a' & 'c') | ('a' & 'd') | ('b' & 'c') | ('b' & 'd') | ('c' & 'd')");
        assertThat(TermTiers.atLeast(terms, 1)).isEqualTo("'a' | 'b' | 'c' | 'd'");
    }
}
