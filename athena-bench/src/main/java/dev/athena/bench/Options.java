package dev.athena.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code --name value} pairs of a command line; a bad one is a {@link BadArguments} naming the option. */
record Options(Map<String, String> values) {

    /** Wrong command-line arguments: the message says which and why; the command exits with status 2. */
    static final class BadArguments extends RuntimeException {

        BadArguments(String message) {
            super(message);
        }
    }

    static Options parse(String[] args, int from) {
        Map<String, String> values = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new BadArguments("expected --name value, got '" + args[i] + "'");
            }
            values.put(args[i].substring(2), args[++i]);
        }
        return new Options(values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new BadArguments("--" + name + " is required");
        }
        return value;
    }

    int intValue(String name, int fallback) {
        long value = longValue(name, fallback);
        if (value != (int) value) {
            throw new BadArguments("--" + name + " is too large, was '" + values.get(name) + "'");
        }
        return (int) value;
    }

    long longValue(String name, long fallback) {
        try {
            return has(name) ? Long.parseLong(values.get(name)) : fallback;
        } catch (NumberFormatException e) {
            throw new BadArguments("--" + name + " must be a whole number, was '" + values.get(name) + "'");
        }
    }

    /** Comma-separated whole numbers (pids), none when the option is absent. */
    List<Long> longList(String name) {
        if (!has(name)) {
            return List.of();
        }
        try {
            return Arrays.stream(values.get(name).split(","))
                    .map(String::strip)
                    .map(Long::parseLong)
                    .toList();
        } catch (NumberFormatException e) {
            throw new BadArguments(
                    "--" + name + " must be whole numbers separated by commas, was '" + values.get(name) + "'");
        }
    }

    /** A positive whole number (a count of memories, threads, a batch size). */
    int positiveInt(String name, int fallback) {
        int value = intValue(name, fallback);
        if (value < 1) {
            throw new BadArguments("--" + name + " must be at least 1, was " + value);
        }
        return value;
    }

    /** A time in {@code unit}s, fractions allowed (short runs in tests), not negative. */
    Duration duration(String name, Duration unit, long fallbackUnits) {
        if (!has(name)) {
            return unit.multipliedBy(fallbackUnits);
        }
        try {
            BigDecimal units = new BigDecimal(values.get(name));
            if (units.signum() < 0) {
                throw new BadArguments("--" + name + " must not be negative, was " + values.get(name));
            }
            return Duration.ofNanos(
                    units.multiply(BigDecimal.valueOf(unit.toNanos())).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadArguments("--" + name + " must be a number, was '" + values.get(name) + "'");
        }
    }
}
