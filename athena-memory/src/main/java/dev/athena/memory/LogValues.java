package dev.athena.memory;

/**
 * Client-supplied text made safe for a log line. A value may hold a line break (a forged log line follows it) or be
 * megabytes long (every call would write that much): control and line-separator characters are escaped, and the value
 * is cut at {@value #MAX_LOGGED_CHARS} characters with the length of what was left out.
 */
public final class LogValues {

    /** Longer than any valid project name, memory id or tool name; short enough that a log line stays a line. */
    public static final int MAX_LOGGED_CHARS = 160;

    private LogValues() {}

    public static String safe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        int shown = Math.min(text.length(), MAX_LOGGED_CHARS);
        StringBuilder out = new StringBuilder(shown + 24);
        for (int i = 0; i < shown; i++) {
            appendEscaped(out, text.charAt(i));
        }
        if (text.length() > shown) {
            out.append("...(").append(text.length() - shown).append(" more chars)");
        }
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, char c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
    }
}
