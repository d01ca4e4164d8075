package dev.athena.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Full-text candidates for a query whose terms match too many memories to rank them all: the memories sharing the most
 * of its rarest terms come first. Ranking every memory that shares any term costs time in proportion to the matches (a
 * common word matches tens of thousands at 100,000 memories), while the best ones, those containing several query
 * terms, are few; so candidates are gathered tier by tier, all of the selected terms first, then all but one, down to
 * any one, until enough are found, and only those are ranked.
 *
 * <p>Each tier is a tsquery that a GIN index answers without touching the table: "at least k of these terms" is the
 * disjunction of every k-term conjunction, minus the stricter tier above it so that tiers do not overlap. Only the
 * {@value #MAX_TERMS} rarest terms (by the planner's statistics) select candidates: common terms cost the most to look
 * up and tell the least, and they still count in the ranking of the candidates.
 */
final class TermTiers {

    /**
     * At most this many terms select candidates. Measured at 100,000 memories (docs/benchmarks.md): 3 terms gather in
     * about 4.6 ms, 4 terms in 7.6 ms (each tier is a larger disjunction over longer posting lists).
     */
    static final int MAX_TERMS = 3;

    private TermTiers() {}

    /**
     * The tiers, strictest first, as tsquery text.
     *
     * @param lexemes the query's distinct lexemes, as {@code to_tsvector} produced them
     * @param statistics how common each lexeme is
     */
    static List<String> of(List<String> lexemes, TermStatistics statistics) {
        List<String> terms = lexemes.stream()
                .distinct()
                .sorted(Comparator.comparingDouble(statistics::frequency).thenComparing(Comparator.naturalOrder()))
                .limit(MAX_TERMS)
                .toList();
        List<String> tiers = new ArrayList<>(terms.size());
        String stricter = null;
        for (int k = terms.size(); k >= 1; k--) {
            String atLeast = atLeast(terms, k);
            tiers.add(stricter == null ? atLeast : "(" + atLeast + ") & !(" + stricter + ")");
            stricter = atLeast;
        }
        return tiers;
    }

    /** Memories containing at least {@code k} of the terms: any {@code k} of them together. */
    static String atLeast(List<String> terms, int k) {
        List<String> conjunctions = new ArrayList<>();
        combinations(terms, k, 0, new ArrayList<>(), conjunctions);
        return String.join(" | ", conjunctions);
    }

    private static void combinations(List<String> terms, int k, int from, List<String> chosen, List<String> out) {
        if (chosen.size() == k) {
            out.add(k == 1 ? chosen.get(0) : "(" + String.join(" & ", chosen) + ")");
            return;
        }
        for (int i = from; i <= terms.size() - (k - chosen.size()); i++) {
            chosen.add(literal(terms.get(i)));
            combinations(terms, k, i + 1, chosen, out);
            chosen.remove(chosen.size() - 1);
        }
    }

    /** A lexeme as a quoted tsquery operand: quotes and backslashes doubled, so any lexeme is taken literally. */
    static String literal(String lexeme) {
        return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
