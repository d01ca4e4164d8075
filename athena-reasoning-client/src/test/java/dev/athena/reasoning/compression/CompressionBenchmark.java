package dev.athena.reasoning.compression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Speed and accuracy of the built-in compressor; not part of the test suite (the name does not end in Tests). Run:
 * {@code ./mvnw -q -pl athena-reasoning-client -am test -Dtest=CompressionBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
class CompressionBenchmark {

    private static final int WARM_UP = 5;
    private static final int RUNS = 15;

    private final BuiltInPromptCompressor compressor =
            new BuiltInPromptCompressor(CompressionProperties.DEFAULT_CHUNK_TOKENS);

    record Input(String name, List<String> texts) {}

    @Test
    void printsATable() {
        List<CompressionCorpus.Context> all = CompressionCorpus.ALL;
        String everything = all.stream().map(CompressionCorpus.Context::text).collect(Collectors.joining("\n"));
        List<String> logs = all.stream()
                .filter(CompressionCorpus.Context::log)
                .map(CompressionCorpus.Context::text)
                .toList();
        List<Input> inputs = List.of(
                new Input("agent transcripts (" + texts(all, "transcript").size() + ")", texts(all, "transcript")),
                new Input("code reviews (" + texts(all, "code-review").size() + ")", texts(all, "code-review")),
                new Input("logs (" + logs.size() + ")", logs),
                new Input("all " + all.size() + " contexts joined", List.of(everything)),
                new Input("joined x5", List.of(String.join("\n", java.util.Collections.nCopies(5, everything)))));

        System.out.println();
        System.out.println(
                "| input | tokens (mean) | rate | achieved ratio (min-max) | ms per compression (median) | tokens/s |");
        System.out.println("|---|---|---|---|---|---|");
        for (Input input : inputs) {
            for (double rate : new double[] {0.33, 0.5}) {
                row(input, rate);
            }
        }
    }

    private void row(Input input, double rate) {
        List<Double> ratios = new ArrayList<>();
        double[] millis = new double[RUNS];
        long tokens = 0;
        for (String text : input.texts()) {
            for (int i = 0; i < WARM_UP; i++) {
                compressor.compressNow(new CompressionRequest(text, "", rate, List.of()));
            }
        }
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            for (String text : input.texts()) {
                CompressedPrompt result = compressor.compressNow(new CompressionRequest(text, "", rate, List.of()));
                if (run == 0) {
                    ratios.add(result.ratio());
                    tokens += result.originalTokens();
                }
            }
            millis[run] = (System.nanoTime() - start) / 1e6 / input.texts().size();
        }
        Arrays.sort(millis);
        double median = millis[RUNS / 2];
        double meanTokens = (double) tokens / input.texts().size();
        System.out.println(String.format(
                Locale.ROOT,
                "| %s | %.0f | %.2f | %.3f-%.3f | %.1f | %.0f |",
                input.name(),
                meanTokens,
                rate,
                ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                median,
                meanTokens / (median / 1000)));
    }

    private static List<String> texts(List<CompressionCorpus.Context> all, String kind) {
        return all.stream()
                .filter(context -> context.file().contains(kind))
                .map(CompressionCorpus.Context::text)
                .toList();
    }
}
