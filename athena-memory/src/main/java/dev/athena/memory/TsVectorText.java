package dev.athena.memory;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads a {@code tsvector} in PostgreSQL's text form ({@code 'deploy':3 'friday':5,9A 'db'}) into each lexeme's term
 * frequency: the number of its positions, or 1 for a lexeme stored without positions, which is how the SQL BM25 counts
 * it ({@code array_length(positions, 1)}, else 1). Lexemes are quoted, with a quote or backslash inside doubled.
 */
final class TsVectorText {

    private TsVectorText() {}

    static Map<String, Integer> termFrequencies(String tsvector) {
        Map<String, Integer> frequencies = new HashMap<>();
        int i = 0;
        int length = tsvector.length();
        StringBuilder lexeme = new StringBuilder();
        while (i < length) {
            char c = tsvector.charAt(i);
            if (c != '\'') {
                i++;
                continue;
            }
            lexeme.setLength(0);
            i++;
            while (i < length) {
                char ch = tsvector.charAt(i);
                if ((ch == '\'' || ch == '\\') && i + 1 < length && tsvector.charAt(i + 1) == ch) {
                    lexeme.append(ch);
                    i += 2;
                } else if (ch == '\'') {
                    i++;
                    break;
                } else {
                    lexeme.append(ch);
                    i++;
                }
            }
            int positions = 1;
            if (i < length && tsvector.charAt(i) == ':') {
                i++;
                while (i < length && tsvector.charAt(i) != ' ') {
                    if (tsvector.charAt(i) == ',') {
                        positions++;
                    }
                    i++;
                }
            }
            frequencies.put(lexeme.toString(), positions);
        }
        return frequencies;
    }
}
