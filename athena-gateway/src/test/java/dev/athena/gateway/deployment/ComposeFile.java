package dev.athena.gateway.deployment;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compose file as written ({@link #raw}) and with its variables resolved the way compose does ({@code ${NAME}},
 * {@code ${NAME:-default}}, {@code ${NAME-default}}, {@code ${NAME:?message}}, {@code $$}), against the values of
 * {@code docker/.env.example}.
 */
final class ComposeFile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    final Map<String, Object> raw;
    final Map<String, Object> resolved;
    private final String text;

    private ComposeFile(String text, Map<String, String> environment) {
        this.text = text;
        this.raw = Yaml.load(text);
        this.resolved = Yaml.load(interpolate(text, environment));
    }

    static ComposeFile read(String relative) {
        return new ComposeFile(RepositoryFiles.read(relative), EnvFile.read("docker/.env.example"));
    }

    /** Every variable the file interpolates. */
    Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = VARIABLE.matcher(text.replace("$$", ""));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    Map<String, Object> service(String name) {
        return Yaml.mapAt(resolved, "services", name);
    }

    Map<String, Object> rawService(String name) {
        return Yaml.mapAt(raw, "services", name);
    }

    /** A service's environment in either compose form (mapping or list of {@code NAME=value}). */
    static Map<String, String> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach(
                    (name, value) -> variables.put(String.valueOf(name), value == null ? "" : String.valueOf(value)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] parts = String.valueOf(entry).split("=", 2);
                variables.put(parts[0], parts.length == 2 ? parts[1] : "");
            }
        }
        return variables;
    }

    static List<String> command(Map<String, Object> service) {
        return Yaml.strings(Yaml.listAt(service, "command"));
    }

    /** The value after {@code flag} in a command line. */
    static String argument(List<String> command, String flag) {
        int index = command.indexOf(flag);
        if (index < 0 || index + 1 >= command.size()) {
            throw new AssertionError(flag + " not given a value in " + command);
        }
        return command.get(index + 1);
    }

    static String interpolate(String text, Map<String, String> environment) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < text.length()) {
            if (text.startsWith("$$", at)) {
                out.append('$');
                at += 2;
                continue;
            }
            Matcher matcher = VARIABLE.matcher(text);
            if (text.charAt(at) == '$' && matcher.find(at) && matcher.start() == at) {
                out.append(resolve(matcher, environment));
                at = matcher.end();
                continue;
            }
            out.append(text.charAt(at++));
        }
        return out.toString();
    }

    private static String resolve(Matcher variable, Map<String, String> environment) {
        String value = environment.get(variable.group(1));
        String operator = variable.group(2);
        String argument = variable.group(3);
        boolean unset = value == null;
        boolean empty = unset || value.isEmpty();
        if (operator == null) {
            return unset ? "" : value;
        }
        return switch (operator) {
            case ":-" -> empty ? argument : value;
            case "-" -> unset ? argument : value;
            // Required secrets are empty in .env.example: stand in a placeholder so the rest resolves.
            case ":?", "?" -> empty ? "<" + variable.group(1) + ">" : value;
            default -> throw new IllegalStateException(operator);
        };
    }
}
