package dev.athena.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTimeTests {

    private static final Instant NOW = Instant.parse("2024-06-12T15:00:00Z"); // a Wednesday

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            What did Anna cook on May 7, 2023?              | 2023-05-06 | 2023-05-15
            What happened on 7 May 2023?                    | 2023-05-06 | 2023-05-15
            What happened on the 7th of May 2023?           | 2023-05-06 | 2023-05-15
            Anything from 2023-05-07?                       | 2023-05-06 | 2023-05-15
            What was Ben reading in March 2023?             | 2023-03-01 | 2023-04-08
            What was Ben reading in march of 2023?          | 2023-03-01 | 2023-04-08
            Where did they go in Sept 2024?                 | 2024-09-01 | 2024-10-08
            What broke in the summer of 2024?               | 2024-06-01 | 2024-09-08
            What did they plan for winter 2023?             | 2023-12-01 | 2024-03-08
            What did Anna cook on New Year's Eve 2023?      | 2023-12-30 | 2024-01-08
            What did Anna cook on New Year’s Eve 2023?      | 2023-12-30 | 2024-01-08
            Who visited at Christmas 2022?                  | 2022-12-24 | 2023-01-02
            Which jobs did she apply for in 2023?           | 2023-01-01 | 2024-01-08
            What did I decide yesterday?                    | 2024-06-11 | 2024-06-19
            What did we change last week?                   | 2024-06-03 | 2024-06-17
            What happened last weekend?                     | 2024-06-08 | 2024-06-17
            What did we ship last month?                    | 2024-05-01 | 2024-06-08
            What broke three weeks ago?                     | 2024-05-15 | 2024-06-05
            What did we decide 2 days ago?                  | 2024-06-09 | 2024-06-18
            """)
    void readsTheTimeAQueryNames(String query, String from, String until) {
        QueryTime time = QueryTime.read(query, NOW).orElseThrow();

        assertThat(time.from()).isEqualTo(Instant.parse(from + "T00:00:00Z"));
        assertThat(time.until()).isEqualTo(Instant.parse(until + "T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            What breed is Ben's dog?
            May I ask which database we use?
            How many stars did the critic give in 12 reviews?
            Which port does the API listen on, 8080?
            What did she say on February 30, 2023?
            """)
    void findsNoTimeWhereNoneIsNamed(String query) {
        assertThat(QueryTime.read(query, NOW)).isEmpty();
    }

    @Test
    void containsItsWindowFromStartInclusiveToEndExclusive() {
        QueryTime may = QueryTime.read("in May 2023", NOW).orElseThrow();

        assertThat(may.contains(Instant.parse("2023-05-01T00:00:00Z"))).isTrue();
        assertThat(may.contains(Instant.parse("2023-06-07T23:59:59Z"))).isTrue();
        assertThat(may.contains(Instant.parse("2023-06-08T00:00:00Z"))).isFalse();
        assertThat(may.contains(Instant.parse("2023-04-30T23:59:59Z"))).isFalse();
    }

    @Test
    void theFirstExpressionWins() {
        Optional<QueryTime> time = QueryTime.read("Did the plan from March 2023 change in 2024?", NOW);

        assertThat(time).map(QueryTime::expression).contains("march 2023");
    }
}
