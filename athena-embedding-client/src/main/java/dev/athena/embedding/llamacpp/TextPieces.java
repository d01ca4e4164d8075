package dev.athena.embedding.llamacpp;

import java.util.ArrayList;
import java.util.List;

/** Cuts a text that is too long for the server, preferably at whitespace and never inside a surrogate pair. */
final class TextPieces {

    private TextPieces() {}

    /** The text in {@code pieces} consecutive parts of about equal length, blank parts dropped. */
    static List<String> split(String text, int pieces) {
        int count = Math.max(1, Math.min(pieces, text.length()));
        List<String> parts = new ArrayList<>(count);
        int start = 0;
        for (int remaining = count; remaining > 1; remaining--) {
            int cut = cutNear(text, start + (text.length() - start) / remaining, start);
            addIfNotBlank(parts, text.substring(start, cut));
            start = cut;
        }
        addIfNotBlank(parts, text.substring(start));
        return parts.isEmpty() ? List.of(text) : parts;
    }

    /** At most {@code maxChars} characters from the start of the text. */
    static String head(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int limit = Math.max(1, maxChars);
        String head = text.substring(0, cutNear(text, limit, 0)).strip();
        return head.isEmpty() ? text.substring(0, outsideSurrogatePair(text, limit, 0)) : head;
    }

    /**
     * A cut position after {@code floor}: the last whitespace in the second half before {@code ideal}, else
     * {@code ideal}.
     */
    private static int cutNear(String text, int ideal, int floor) {
        int lowest = floor + Math.max(1, (ideal - floor) / 2);
        for (int i = ideal; i >= lowest; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return outsideSurrogatePair(text, ideal, floor);
    }

    private static int outsideSurrogatePair(String text, int cut, int floor) {
        boolean insidePair =
                Character.isLowSurrogate(text.charAt(cut)) && Character.isHighSurrogate(text.charAt(cut - 1));
        return insidePair && cut - 1 > floor ? cut - 1 : insidePair ? cut + 1 : cut;
    }

    private static void addIfNotBlank(List<String> parts, String part) {
        String stripped = part.strip();
        if (!stripped.isEmpty()) {
            parts.add(stripped);
        }
    }
}
