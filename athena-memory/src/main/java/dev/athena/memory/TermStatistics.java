package dev.athena.memory;

import java.util.Collection;
import java.util.Map;

/**
 * How often lexemes occur in {@code memories.content_tsv}, from PostgreSQL's planner statistics (the most common
 * elements ANALYZE keeps for a tsvector column), scaled to the table's current size as the planner scales them.
 * Full-text recall uses it to foresee how many memories an any-term query would match before running it.
 *
 * @param rows estimated rows in the table now
 * @param frequencies share of rows containing each of the most common lexemes
 * @param rareFrequency share assumed for a lexeme that is not among them (half the least common one's, as the planner
 *     assumes)
 */
record TermStatistics(double rows, Map<String, Double> frequencies, double rareFrequency) {

    /** No statistics yet (the table was never analyzed): nothing can be foreseen. */
    static final TermStatistics UNKNOWN = new TermStatistics(-1, Map.of(), 0);

    TermStatistics {
        frequencies = Map.copyOf(frequencies);
    }

    boolean known() {
        return rows >= 0 && !frequencies.isEmpty();
    }

    double frequency(String lexeme) {
        return frequencies.getOrDefault(lexeme, rareFrequency);
    }

    /**
     * An upper bound of the rows matching any of the lexemes (the sum of their counts); meaningful when
     * {@link #known()}.
     */
    double estimatedMatches(Collection<String> lexemes) {
        double share = 0;
        for (String lexeme : lexemes) {
            share += frequency(lexeme);
        }
        return Math.min(1, share) * rows;
    }
}
