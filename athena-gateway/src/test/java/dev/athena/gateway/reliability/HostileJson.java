package dev.athena.gateway.reliability;

import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.POJONode;

/**
 * Hostile values for the bad input sweep, and a JSON writer that can say what a well-behaved one cannot: lone
 * surrogates (written as {@code \ud800} escapes, the only way they fit in a UTF-8 body) and number literals beyond any
 * Java type ({@code 1e400}).
 */
final class HostileJson {

    /** Text an injection would need: SQL, JSON path, full-text query syntax, templates, paths, markup. */
    static final List<String> METACHARACTERS = List.of(
            "'; DROP TABLE memories; --",
            "\" OR 1=1 --",
            "1' OR '1'='1",
            "' UNION SELECT content FROM memories --",
            "%",
            "_",
            "\\",
            "\\\\",
            "$1",
            "?",
            ":project",
            "/* */",
            "-- comment",
            "E'\\x00'",
            "$$ $$",
            "$.content",
            "$..*",
            "$[?(@.importance > 0)]",
            "@.tags[*]",
            "$.metadata['a'][0]",
            "a & b | !c <-> d",
            "a:*",
            "!(a|b)",
            "''",
            "(",
            ")",
            "\\N",
            "{{7*7}}",
            "${jndi:ldap://127.0.0.1/a}",
            "%s%n%x%d",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "null",
            "undefined",
            "NaN",
            "[]",
            "{}",
            "true",
            "0",
            "-1");

    /** Unicode that breaks naive code: invisible, bidirectional, combining, astral, non-characters, look-alikes. */
    static final List<String> UNICODE_EDGE_CASES = List.of(
            "\uFEFF",
            "\u200B",
            "\u200D",
            "\u202Eevil\u202C",
            "e\u0301",
            "a" + "\u0301".repeat(200),
            "\uD83D\uDE00",
            "\uD800\uDC00",
            "\uDBFF\uDFFF",
            "\uFFFF",
            "\uFFFE",
            "\u0085",
            "\u2028",
            "\u2029",
            "\uD835\uDD18\uD835\uDD2B\uD835\uDD26",
            "\u01C5",
            "\u0130",
            "\u00DF",
            "\uFB03",
            "\u2126",
            "\u00A0",
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
            "\u16A0\u16C7\u16BB",
            "\u8BB0\u5FC6",
            "\u0630\u0627\u0643\u0631\u0629",
            "\u3000",
            "\u180E",
            "\uE000",
            "\uDB80\uDC00");

    /** Strings a JSON body can carry but that are not text: PostgreSQL stores neither NUL nor unpaired surrogates. */
    static final List<String> NOT_TEXT = List.of(
            "\u0000", "before\u0000after", "\uD800", "x\uDFFFy", "end\uDBFF", "\uDC00\uD800", "\uD83D", "a\uD83Db");

    /** Number literals outside every range a parameter could have. */
    static final List<String> EXTREME_NUMBERS = List.of(
            "2147483648",
            "-2147483649",
            "9223372036854775808",
            "-9223372036854775809",
            "1e400",
            "-1e400",
            "1e-400",
            "123456789012345678901234567890",
            "0.0000000000000000000001",
            "4.9e-324",
            "1.7976931348623157e308",
            "-0",
            "-0.0",
            "1E2",
            "0.1e1",
            "1.5",
            "-1",
            "0",
            "1");

    /** Bodies that are not JSON, or not UTF-8; each must be refused. */
    static final List<byte[]> MALFORMED_BODIES = List.of(
            bytes("{"),
            bytes("{\"content\":"),
            bytes("{}}"),
            bytes("{} x"),
            bytes("["),
            bytes("{'content':'x'}"),
            bytes("{content:\"x\"}"),
            bytes("{\"content\":\"x\",}"),
            bytes("{\"content\":NaN}"),
            bytes("{\"k\":Infinity}"),
            bytes("/* c */{}"),
            bytes("{\"content\":\"x\" // c\n}"),
            bytes("{\"k\":007}"),
            bytes("{\"content\":\"\\x41\"}"),
            bytes("{\"content\":\"\\uZZZZ\"}"),
            bytes("{\"content\":\"line\nbreak\"}"),
            bytes("{\"content\":\"tab\there\"}"),
            bytes("{\"content\":\"\u0001\"}"),
            bytes("\u0000"),
            bytes("{\"content\":\"x\"}\u0000"),
            new byte[] {'{', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'},
            new byte[] {'{', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},
            new byte[] {
                '{',
                '"',
                'c',
                'o',
                'n',
                't',
                'e',
                'n',
                't',
                '"',
                ':',
                '"',
                (byte) 0xF8,
                (byte) 0x88,
                (byte) 0x80,
                (byte) 0x80,
                (byte) 0x80,
                '"',
                '}'
            },
            new byte[] {'{', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':', '"', (byte) 0x80, '"', '}'},
            new byte[] {
                '{',
                '"',
                'c',
                'o',
                'n',
                't',
                'e',
                'n',
                't',
                '"',
                ':',
                '"',
                (byte) 0xED,
                (byte) 0xA0,
                (byte) 0x80,
                '"',
                '}'
            });

    /** Valid JSON documents that are not an object of parameters. */
    static final List<String> NOT_AN_OBJECT =
            List.of("[]", "[{}]", "\"text\"", "42", "-0", "true", "null", "[null]", "\"{}\"");

    private HostileJson() {}

    /** Any hostile string, weighted towards the ones most likely to break something; a few are huge. */
    static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(METACHARACTERS)),
                Tuple.of(6, Arbitraries.of(UNICODE_EDGE_CASES)),
                Tuple.of(4, Arbitraries.of(NOT_TEXT)),
                Tuple.of(3, controlCharacters()),
                Tuple.of(4, Arbitraries.strings().all().ofMinLength(0).ofMaxLength(40)),
                Tuple.of(2, Arbitraries.of("", " ", "\t\n", "\u00A0\u2003")),
                Tuple.of(1, Arbitraries.integers().between(33_000, 600_000).map(n -> "huge ".repeat(n / 5))));
    }

    private static Arbitrary<String> controlCharacters() {
        return Arbitraries.chars()
                .with(controlChars())
                .list()
                .ofMinSize(1)
                .ofMaxSize(6)
                .map(chars -> "ab" + chars.stream().map(String::valueOf).reduce("", String::concat) + "cd");
    }

    private static char[] controlChars() {
        StringBuilder chars = new StringBuilder();
        for (char c = 1; c < 0x20; c++) {
            chars.append(c);
        }
        for (char c = 0x7F; c <= 0x9F; c++) {
            chars.append(c);
        }
        return chars.toString().toCharArray();
    }

    /** Whether PostgreSQL could store {@code text} as it is: no NUL, every surrogate paired. */
    static boolean isStorableText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return false;
            }
            if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A value written as it is: a number literal no Java type holds, or any other JSON text. */
    record Raw(String json) {}

    static JsonNode raw(String json) {
        return JsonNodeFactory.instance.pojoNode(new Raw(json));
    }

    /** The JSON text of {@code node}; unpaired surrogates and control characters as escapes, other text as it is. */
    static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        append(node, out);
        return out.toString();
    }

    private static void append(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(property.getKey(), out);
                out.append(':');
                append(property.getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                append(node.get(i), out);
            }
            out.append(']');
        } else if (node.isString()) {
            quote(node.asString(), out);
        } else if (node instanceof POJONode pojo && pojo.getPojo() instanceof Raw raw) {
            out.append(raw.json());
        } else {
            out.append(node);
        }
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        quote(text, out);
        return out.toString();
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
