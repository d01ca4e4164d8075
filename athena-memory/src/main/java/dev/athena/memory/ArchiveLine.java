package dev.athena.memory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** One parsed line of an archive, with typed reads that name the line and field of anything wrong. */
final class ArchiveLine {

    private final long number;
    private final JsonNode node;
    private final String prefix;

    ArchiveLine(long number, JsonNode node) {
        this(number, node, "");
    }

    private ArchiveLine(long number, JsonNode node, String prefix) {
        this.number = number;
        this.node = node;
        this.prefix = prefix;
    }

    long number() {
        return number;
    }

    /** The object at {@code field[index]}, read with the same rules. */
    ArchiveLine element(String field, int index) {
        return new ArchiveLine(number, node.get(field).get(index), prefix + field + "[" + index + "].");
    }

    ImportLineException invalid(String field, String reason) {
        return new ImportLineException(number, prefix + field, reason);
    }

    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    String text(String field) {
        String value = optionalText(field);
        if (value == null) {
            throw invalid(field, "is required");
        }
        return value;
    }

    String optionalText(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw invalid(field, "must be a string");
        }
        String text = value.stringValue();
        if (text.indexOf('\u0000') >= 0) {
            throw invalid(field, "must not contain NUL characters");
        }
        return text;
    }

    UUID id(String field) {
        UUID id = optionalId(field);
        if (id == null) {
            throw invalid(field, "is required");
        }
        return id;
    }

    UUID optionalId(String field) {
        String text = optionalText(field);
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "must be a UUID, was '" + LogValues.safe(text) + "'");
        }
    }

    Instant instant(String field) {
        Instant instant = optionalInstant(field);
        if (instant == null) {
            throw invalid(field, "is required");
        }
        return instant;
    }

    Instant optionalInstant(String field) {
        String text = optionalText(field);
        if (text == null) {
            return null;
        }
        try {
            Instant instant = Instant.parse(text);
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw invalid(field, "must lie between " + EARLIEST + " and " + LATEST);
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw invalid(field, "must be an ISO-8601 instant, was '" + LogValues.safe(text) + "'");
        }
    }

    double fraction(String field, double fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()
                || Double.isNaN(value.doubleValue())
                || value.doubleValue() < 0
                || value.doubleValue() > 1) {
            throw invalid(field, "must be a number between 0 and 1");
        }
        return value.doubleValue();
    }

    Long optionalCount(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw invalid(field, "must be a whole number, 0 or more");
        }
        return value.longValue();
    }

    int integer(String field) {
        Long value = optionalCount(field);
        if (value == null || value > Integer.MAX_VALUE) {
            throw invalid(field, "is required, a whole number");
        }
        return value.intValue();
    }

    boolean flag(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid(field, "must be true or false");
        }
        return value.asBoolean();
    }

    /** A JSON object as text, {@code {}} when absent. */
    String object(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "{}";
        }
        if (!value.isObject()) {
            throw invalid(field, "must be a JSON object");
        }
        return value.toString();
    }

    /** A JSON object as text, or null. */
    String optionalObject(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid(field, "must be a JSON object or null");
        }
        return value.toString();
    }

    List<String> texts(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid(field, "must be an array of strings");
        }
        List<String> texts = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isString()) {
                throw invalid(field + "[" + i + "]", "must be a string");
            }
            texts.add(value.get(i).stringValue());
        }
        return texts;
    }

    /** The number of objects in an array field (0 when absent). */
    int objects(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isArray()) {
            throw invalid(field, "must be an array of objects");
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                throw invalid(field + "[" + i + "]", "must be an object");
            }
        }
        return value.size();
    }

    /** A vector of exactly {@code dimension} numbers, or null when the field is absent. */
    float[] vector(String field, int dimension) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray() || value.size() != dimension) {
            throw invalid(field, "must be an array of " + dimension + " numbers (embedding_dimension)");
        }
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            JsonNode number = value.get(i);
            if (!number.isNumber() || !Float.isFinite(number.floatValue())) {
                throw invalid(field + "[" + i + "]", "must be a finite number");
            }
            vector[i] = number.floatValue();
        }
        return vector;
    }

    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
}
