package dev.athena.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.LoggerFactory;

/**
 * The command line of the measuring tools that run against a benchmark database without Athena ({@link RecallFloor},
 * {@link HnswCurve}, {@link TextSearchTiming}): {@code --name value} options, the benchmark's queries file
 * ({@code --queries}, one a line) and a connection pool ({@code --jdbc-url}, {@code --user} and {@code --password},
 * both {@code athena} by default).
 */
final class DatabaseToolCommandLine {

    private final Map<String, String> options;

    private DatabaseToolCommandLine(Map<String, String> options) {
        this.options = options;
    }

    /**
     * Reads {@code --name value} pairs. The connection pool's and the driver's logs are turned down to warnings, which
     * would otherwise bury the table the tool prints.
     */
    static DatabaseToolCommandLine parse(String[] args) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return new DatabaseToolCommandLine(options);
    }

    String required(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    String get(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    int intValue(String name, int fallback) {
        return options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
    }

    /** The non-blank lines of the {@code --queries} file. */
    List<String> queries() throws IOException {
        return Files.readAllLines(Path.of(required("queries"))).stream()
                .filter(line -> !line.isBlank())
                .toList();
    }

    HikariDataSource pool(int connections) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(required("jdbc-url"));
        pool.setUsername(get("user", "athena"));
        pool.setPassword(get("password", "athena"));
        pool.setMaximumPoolSize(connections);
        return new HikariDataSource(pool);
    }
}
