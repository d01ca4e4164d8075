package dev.athena.gateway.tools;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Binds a tool's JSON body to its parameter record, strictly: snake_case names, unknown or repeated names rejected, no
 * silent coercion of {@code "5"} into 5, 5 into {@code "5"}, 1.5 into 1 or {@code null} into 0, no NUL or half
 * surrogate pair in any text, no enum value but its wire names (the reason lists them), then Bean Validation. Every
 * failure names its field.
 */
@Component
class ToolParameterBinder {

    static final JsonMapper WIRE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // {"project":"a","project":"b"}: taking either one silently would be a guess, and a proxy may take the
            // other.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // ALLOW_COERCION_OF_SCALARS covers "5" -> 5 but not 5 -> "5": text parameters need their own refusal,
            // and an enum must be named, not picked by its position.
            .withCoercionConfig(
                    LogicalType.Textual,
                    text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // "k": 1.5 is an error, not 1
            .addModule(new SimpleModule("athena-strict-instants")
                    .addDeserializer(Instant.class, new IsoInstantDeserializer()))
            .build();

    private final Validator validator;

    /** Instants the tools accept: ISO-8601's four-digit years, well inside what PostgreSQL's timestamptz stores. */
    static final Instant EARLIEST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");

    static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final String INSTANT_OUT_OF_RANGE =
            "is out of range: instants must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

    /**
     * Instants are ISO-8601 text, as the schemas say ({@code format: date-time}); Jackson would also read a number, as
     * epoch seconds, which is a guess about the caller's unit (a millisecond timestamp lands 50,000 years ahead). Java
     * reads years up to 999,999,999 where the database stops at 294,276, so the range is checked here.
     */
    private static final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {

        IsoInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            Instant instant = InstantDeserializer.INSTANT.deserialize(parser, context);
            if (instant.isBefore(EARLIEST_INSTANT) || instant.isAfter(LATEST_INSTANT)) {
                throw InvalidFormatException.from(parser, INSTANT_OUT_OF_RANGE, parser.getString(), Instant.class);
            }
            return instant;
        }
    }

    ToolParameterBinder(Validator validator) {
        this.validator = validator;
    }

    /** Binds a raw request body, as {@code POST /tools/{name}/execute} receives it. */
    <P> P bind(ToolDefinition<P> tool, byte[] body) {
        return bind(tool, parse(body));
    }

    /** Binds an already parsed parameters object, as MCP's {@code tools/call} carries it. */
    <P> P bind(ToolDefinition<P> tool, JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new InvalidParametersException("body", "must be a JSON object of the tool's parameters");
        }
        requireStorableText(tree, "");
        P parameters = convert(tree, tool.parameters());
        List<ConstraintViolation<P>> violations = new ArrayList<>(validator.validate(parameters));
        if (!violations.isEmpty()) {
            violations.sort(Comparator.comparing(v -> v.getPropertyPath().toString()));
            throw new InvalidParametersException(violations.stream()
                    .map(v -> new InvalidParametersException.Violation(field(v), v.getMessage()))
                    .toList());
        }
        return parameters;
    }

    /** The wire name of a violation's field: {@code items[2].memory_type}, not {@code items[2].<list element>}. */
    private static String field(ConstraintViolation<?> violation) {
        return ToolSchemas.snakeCase(violation.getPropertyPath().toString().replace(".<list element>", ""));
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidParametersException("body", "is empty: send the tool's parameters as a JSON object");
        }
        try {
            return WIRE.readTree(utf8(body));
        } catch (StreamReadException e) {
            var location = e.getLocation();
            String where = "(line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate")) {
                throw new InvalidParametersException(
                        "body", "repeats a key in one object " + where + ": each may appear once");
            }
            throw new InvalidParametersException("body", "is not valid JSON " + where);
        } catch (JacksonException e) {
            throw new InvalidParametersException("body", "is not valid JSON");
        }
    }

    /**
     * The body as text, decoded strictly: the JSON parser alone lets an overlong encoding through ({@code C0 AF} is
     * read as {@code /}), which RFC 3629 forbids because it slips characters past checks on the bytes.
     */
    private static String utf8(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidParametersException("body", "is not valid UTF-8");
        }
        // RFC 8259 lets a parser ignore a byte order mark, which some Windows tools put first.
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * Refuses NUL and unpaired surrogates anywhere in the parameters, names included: JSON can carry them as escapes,
     * but PostgreSQL stores neither (NUL fails the statement, half a surrogate pair is silently written as {@code ?}),
     * and no tool has a use for them. Refuses numbers beyond a double's range too.
     */
    private static void requireStorableText(JsonNode node, String path) {
        if (node.isString()) {
            requireStorableText(node.asString(), path);
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            // 1e400 would be stored as the text "Infinity" (metadata) or fail a numeric column.
            throw new InvalidParametersException(
                    path.isEmpty() ? "body" : path, "is out of range: numbers must fit a 64-bit float");
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String child = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
                requireStorableText(property.getKey(), child);
                requireStorableText(property.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireStorableText(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static void requireStorableText(String text, String field) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                throw new InvalidParametersException(field, "must not contain NUL characters");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidParametersException(
                        field, "must be valid Unicode text: it contains half of a surrogate pair");
            }
        }
    }

    private static <P> P convert(JsonNode tree, Class<P> type) {
        try {
            return WIRE.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidParametersException(path(e), "is not a parameter of this tool");
        } catch (InvalidFormatException e) {
            if (e.getTargetType() != null && e.getTargetType().isEnum()) {
                throw new InvalidParametersException(path(e), oneOf(e.getTargetType(), e.getValue()));
            }
            boolean outOfRange = INSTANT_OUT_OF_RANGE.equals(e.getOriginalMessage());
            throw new InvalidParametersException(
                    path(e), outOfRange ? INSTANT_OUT_OF_RANGE : "has the wrong type or format");
        } catch (JacksonException e) {
            throw new InvalidParametersException(path(e), "has the wrong type or format");
        }
    }

    /** The reason a value is not one of an enum's wire names, listing them, as the schema's {@code enum} does. */
    static String oneOf(Class<?> enumType, Object value) {
        String allowed = Arrays.stream(enumType.getEnumConstants())
                .map(constant -> WIRE.valueToTree(constant).asString())
                .collect(Collectors.joining(", "));
        return "must be one of " + allowed + (value instanceof String text ? ", was '" + text + "'" : "");
    }

    private static String path(JacksonException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }
}
