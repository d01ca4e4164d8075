package dev.athena.gateway;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /actuator/prometheus}, searchable by metric name and labels. */
public record PrometheusScrape(String text) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");

    /** The value of the first sample of {@code metric} carrying every one of {@code labels}. */
    public OptionalDouble value(String metric, Map<String, String> labels) {
        for (String line : text.lines().toList()) {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.find() && sample.group(1).equals(metric) && hasLabels(sample.group(3), labels)) {
                return OptionalDouble.of(Double.parseDouble(sample.group(4)));
            }
        }
        return OptionalDouble.empty();
    }

    public boolean has(String metric, Map<String, String> labels) {
        return value(metric, labels).isPresent();
    }

    public boolean hasMetric(String metric) {
        return text.lines().anyMatch(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "));
    }

    public List<String> lines(String metric) {
        return text.lines().filter(line -> line.startsWith(metric + "{")).toList();
    }

    private static boolean hasLabels(String labelText, Map<String, String> labels) {
        String present = labelText == null ? "" : labelText;
        return labels.entrySet().stream()
                .allMatch(label -> present.contains(label.getKey() + "=\"" + label.getValue() + "\""));
    }
}
