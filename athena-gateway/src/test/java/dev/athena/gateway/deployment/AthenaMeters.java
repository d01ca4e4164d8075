package dev.athena.gateway.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Prometheus metric names Athena exports, derived from its code: every meter builder in the main sources of the
 * modules ({@code Timer.builder("athena.tool.calls")...register(...)}, names given as literals or as constants of the
 * same file) is registered again, with the same type, base unit and histogram setting, in a real
 * {@link PrometheusMeterRegistry}, whose scrape gives the exported names ({@code athena_tool_calls_seconds_bucket},
 * ...). Meters that adapters register only once a remote call happened are covered too. Spring Boot's JVM and process
 * meters are bound the way its actuator binds them.
 */
final class AthenaMeters {

    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Timer|Counter|Gauge|DistributionSummary|MultiGauge|LongTaskTimer|FunctionCounter|FunctionTimer|TimeGauge)"
                    + "\\.builder\\(\\s*(?:\"([^\"]+)\"|([A-Z][A-Z0-9_]*))");
    private static final Pattern CONSTANT =
            Pattern.compile("static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\\s*\"([^\"]+)\"");
    private static final Pattern HISTOGRAM =
            Pattern.compile("\\.(publishPercentileHistogram|serviceLevelObjectives|sla)\\(");

    /** One meter as the code builds it. */
    record Meter(String type, String name, String baseUnit, boolean histogram, Path source) {}

    private AthenaMeters() {}

    static List<Meter> inCode() {
        List<Meter> meters = new ArrayList<>();
        try (Stream<Path> modules = Files.list(RepositoryFiles.path("."))) {
            for (Path module : modules.filter(
                            dir -> dir.getFileName().toString().startsWith("athena-"))
                    .toList()) {
                Path sources = module.resolve("src/main/java");
                if (!Files.isDirectory(sources)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file :
                            files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        meters.addAll(meters(file, Files.readString(file)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return meters;
    }

    /** The names of every sample line Prometheus would scrape from these meters and Spring Boot's JVM meters. */
    static Set<String> exportedNames(List<Meter> meters) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (Meter meter : meters) {
            register(registry, meter);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Set<String> names = new LinkedHashSet<>();
        for (String line : registry.scrape().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        registry.close();
        return names;
    }

    static List<Meter> meters(Path file, String source) {
        Map<String, String> constants = new HashMap<>();
        Matcher constant = CONSTANT.matcher(source);
        while (constant.find()) {
            constants.put(constant.group(1), constant.group(2));
        }
        List<Meter> meters = new ArrayList<>();
        Matcher builder = BUILDER.matcher(source);
        while (builder.find()) {
            String name = builder.group(2) != null ? builder.group(2) : constants.get(builder.group(3));
            if (name == null) {
                continue; // a name passed in from elsewhere: its literal is found where it is passed
            }
            int end = source.indexOf(".register(", builder.end());
            String chain = source.substring(builder.end(), end < 0 ? source.length() : end);
            Matcher unit = BASE_UNIT.matcher(chain);
            meters.add(new Meter(
                    builder.group(1),
                    name,
                    unit.find() ? unit.group(1) : null,
                    HISTOGRAM.matcher(chain).find(),
                    file));
        }
        return meters;
    }

    private static void register(PrometheusMeterRegistry registry, Meter meter) {
        switch (meter.type()) {
            case "Timer" -> {
                Timer.Builder timer = Timer.builder(meter.name());
                if (meter.histogram()) {
                    timer.publishPercentileHistogram();
                }
                timer.register(registry);
            }
            case "DistributionSummary" -> {
                DistributionSummary.Builder summary =
                        DistributionSummary.builder(meter.name()).baseUnit(meter.baseUnit());
                if (meter.histogram()) {
                    summary.publishPercentileHistogram();
                }
                summary.register(registry);
            }
            case "Counter", "FunctionCounter" ->
                Counter.builder(meter.name()).baseUnit(meter.baseUnit()).register(registry);
            case "Gauge", "MultiGauge" ->
                Gauge.builder(meter.name(), () -> 1).baseUnit(meter.baseUnit()).register(registry);
            case "TimeGauge" ->
                TimeGauge.builder(meter.name(), () -> 1, TimeUnit.SECONDS).register(registry);
            case "LongTaskTimer" -> LongTaskTimer.builder(meter.name()).register(registry);
            case "FunctionTimer" ->
                FunctionTimer.builder(meter.name(), new Object(), o -> 1L, o -> 1.0, TimeUnit.SECONDS)
                        .register(registry);
            default -> throw new IllegalStateException(meter.type());
        }
    }
}
