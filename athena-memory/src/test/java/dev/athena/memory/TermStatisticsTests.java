package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TermStatisticsTests {

    private final TermStatistics statistics = new TermStatistics(10_000, Map.of("deploy", 0.2, "api", 0.5), 0.001);

    @Test
    void aLexemeOutsideTheMostCommonOnesGetsTheRareShare() {
        assertThat(statistics.frequency("deploy")).isEqualTo(0.2);
        assertThat(statistics.frequency("inc-2118")).isEqualTo(0.001);
    }

    @Test
    void estimatesTheMatchesOfAnyTermAsTheSumOfTheirCountsAtMostEveryRow() {
        assertThat(statistics.estimatedMatches(List.of("deploy", "inc-2118"))).isCloseTo(2_010, within(1e-6));
        assertThat(statistics.estimatedMatches(List.of("deploy", "api", "api", "api")))
                .isEqualTo(10_000);
    }

    @Test
    void withoutStatisticsNothingIsKnown() {
        assertThat(TermStatistics.UNKNOWN.known()).isFalse();
        assertThat(new TermStatistics(10_000, Map.of(), 0).known()).isFalse();
        assertThat(statistics.known()).isTrue();
    }
}
