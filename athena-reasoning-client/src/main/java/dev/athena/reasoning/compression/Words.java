package dev.athena.reasoning.compression;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A context split into words (runs of non-whitespace), each knowing its line, so kept words can be re-joined line by
 * line.
 */
final class Words {

    /**
     * @param text the word as written, punctuation included
     * @param core the word without surrounding punctuation or quotes, for matching
     * @param line its line in the context
     * @param lineStart whether it opens its line
     */
    record Word(String text, String core, int line, boolean lineStart) {

        String lowerCore() {
            return core.toLowerCase(Locale.ROOT);
        }

        boolean endsSentence() {
            return text.endsWith(".") || text.endsWith("!") || text.endsWith("?") || text.endsWith(":");
        }
    }

    private Words() {}

    static List<Word> split(String context) {
        List<Word> words = new ArrayList<>();
        String[] lines = context.split("\r?\n", -1);
        for (int line = 0; line < lines.length; line++) {
            CompressionCancellation.stopIfCancelled(line);
            boolean first = true;
            for (String token : lines[line].trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    words.add(new Word(token, core(token), line, first));
                    first = false;
                }
            }
        }
        return words;
    }

    /** Kept words joined by spaces within a line and by line breaks between lines; empty lines vanish. */
    static String render(List<Word> words, boolean[] keep) {
        StringBuilder text = new StringBuilder();
        int currentLine = -1;
        for (int i = 0; i < words.size(); i++) {
            if (!keep[i]) {
                continue;
            }
            Word word = words.get(i);
            if (!text.isEmpty()) {
                text.append(word.line() == currentLine ? ' ' : '\n');
            }
            text.append(word.text());
            currentLine = word.line();
        }
        return text.toString();
    }

    static String core(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && isWrapper(token.charAt(start))) {
            start++;
        }
        while (end > start && isWrapper(token.charAt(end - 1))) {
            end--;
        }
        return token.substring(start, end);
    }

    private static boolean isWrapper(char c) {
        return ".,;:!?\"'`()[]{}<>«»“”‘’*".indexOf(c) >= 0;
    }
}
