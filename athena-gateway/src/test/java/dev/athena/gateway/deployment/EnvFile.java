package dev.athena.gateway.deployment;

import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code KEY=VALUE} file such as {@code docker/.env.example}; comments and blank lines are skipped. */
final class EnvFile {

    private EnvFile() {}

    static Map<String, String> read(String relative) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : RepositoryFiles.read(relative).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw new AssertionError(relative + ": not KEY=VALUE: " + line);
            }
            values.put(
                    trimmed.substring(0, equals).strip(),
                    trimmed.substring(equals + 1).strip());
        }
        return values;
    }
}
