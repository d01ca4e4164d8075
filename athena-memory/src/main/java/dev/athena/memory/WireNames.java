package dev.athena.memory;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The wire form of the memory module's enums: lower case, and a validation error naming the field when unknown. */
final class WireNames {

    private WireNames() {}

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(value)) {
                return constant;
            }
        }
        throw new MemoryValidationException(field, "must be one of " + allowed(type) + ", was '" + value + "'");
    }

    static String allowed(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireNames::of).collect(Collectors.joining(", "));
    }
}
