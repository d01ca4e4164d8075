package dev.athena.reasoning.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class BuiltInPromptCompressorTests {

    /**
     * Written independently of the compressor's own rules: numbers, snake_case, camelCase, dotted names, paths, calls.
     */
    private static final Pattern NUMBER_OR_IDENTIFIER =
            Pattern.compile("\\d|[A-Za-z0-9]_[A-Za-z0-9]|[a-z][A-Z]|\\w{2,}\\.\\w|\\w\\.\\w{2,}|\\w/\\w|::|\\(\\)");

    private final BuiltInPromptCompressor compressor = new BuiltInPromptCompressor(512);

    static Stream<Arguments> corpusAtEachRate() {
        List<Arguments> cases = new ArrayList<>();
        for (CompressionCorpus.Context context : CompressionCorpus.ALL) {
            cases.add(Arguments.of(context, 0.5));
            cases.add(Arguments.of(context, 0.7));
            if (!context.log()) {
                // Logs are mostly timestamps and identifiers, all of which must survive: a third is below their floor.
                cases.add(Arguments.of(context, 0.33));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("corpusAtEachRate")
    void reachesTheRatioWithinTenPercentAndKeepsEveryNumberIdentifierAndForcedToken(
            CompressionCorpus.Context context, double rate) {
        String original = context.text();

        CompressedPrompt result = compressor.compressNow(
                new CompressionRequest(original, context.instruction(), rate, context.forceTokens()));

        assertThat(result.ratio()).as("achieved ratio").isBetween(rate * 0.9, rate * 1.1);
        assertThat(result.originalTokens()).isEqualTo(TokenCounter.count(original));
        assertThat(result.compressedTokens()).isEqualTo(TokenCounter.count(result.text()));
        assertThat(result.compressor()).isEqualTo("builtin");

        Set<String> kept = words(result.text());
        assertThat(words(original).stream()
                        .filter(word -> NUMBER_OR_IDENTIFIER.matcher(word).find()))
                .as("numbers and identifiers")
                .isNotEmpty()
                .allSatisfy(word -> assertThat(kept).contains(word));
        assertThat(context.forceTokens())
                .allSatisfy(token -> assertThat(result.text()).contains(token));
        assertThat(isSubsequence(
                        List.of(result.text().split("\\s+")),
                        List.of(original.strip().split("\\s+"))))
                .as("kept words stay in their original order")
                .isTrue();
    }

    @Test
    void theCorpusHasAtLeastTwentyContexts() {
        assertThat(CompressionCorpus.ALL).hasSizeGreaterThanOrEqualTo(20);
        assertThat(CompressionCorpus.ALL).allSatisfy(context -> {
            assertThat(TokenCounter.count(context.text())).isGreaterThan(200);
            assertThat(context.forceTokens())
                    .allSatisfy(token -> assertThat(context.text()).contains(token));
        });
    }

    @Test
    void fillersAndStopWordsGoFirstWhileNegationsStay() {
        String original = CompressionCorpus.ALL.get(0).text();

        String compressed = compressor
                .compressNow(new CompressionRequest(original, "", 0.5, List.of()))
                .text();

        Set<String> kept = cores(compressed);
        assertThat(cores(original)).contains("basically", "really", "just", "the", "don't", "not");
        assertThat(kept).doesNotContain("basically", "really", "just", "the");
        assertThat(kept).contains("don't", "not");
    }

    @Test
    void theInstructionsTermsArePreferred() {
        String original = CompressionCorpus.ALL.get(18).text(); // meeting notes
        CompressionRequest withInstruction =
                new CompressionRequest(original, "What did the team say about the re-ranker latency?", 0.25, List.of());

        String compressed = compressor.compressNow(withInstruction).text();

        assertThat(occurrences(compressed, "latency"))
                .isEqualTo(occurrences(original, "latency"))
                .isPositive();
        assertThat(occurrences(compressed, "re-ranker"))
                .isEqualTo(occurrences(original, "re-ranker"))
                .isPositive();
    }

    @Test
    void aLongContextIsCompressedChunkByChunkSoEverySectionShrinksAlike() {
        List<String> sections = CompressionCorpus.ALL.stream()
                .filter(context -> !context.log())
                .limit(8)
                .map(CompressionCorpus.Context::text)
                .toList();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sections.size(); i++) {
            text.append("Section_")
                    .append(i)
                    .append('\n')
                    .append(sections.get(i))
                    .append('\n');
        }

        CompressedPrompt result = compressor.compressNow(new CompressionRequest(text.toString(), "", 0.4, List.of()));

        assertThat(result.originalTokens()).isGreaterThan(2_500);
        assertThat(result.ratio()).isBetween(0.36, 0.44);
        String[] compressedSections = result.text().split("Section_\\d+\n");
        assertThat(compressedSections).hasSize(sections.size() + 1);
        for (int i = 0; i < sections.size(); i++) {
            double sectionRatio =
                    (double) TokenCounter.count(compressedSections[i + 1]) / TokenCounter.count(sections.get(i));
            assertThat(sectionRatio).as("section %d", i).isBetween(0.3, 0.5);
        }
    }

    @Test
    void aSingleHugeLineIsCutBetweenWords() {
        String line = CompressionCorpus.ALL.stream()
                .filter(context -> !context.log())
                .map(CompressionCorpus.Context::text)
                .collect(Collectors.joining(" "))
                .replace('\n', ' ');

        CompressedPrompt result = compressor.compressNow(new CompressionRequest(line, "", 0.5, List.of()));

        assertThat(result.originalTokens()).isGreaterThan(4_000);
        assertThat(result.ratio()).isBetween(0.45, 0.55);
    }

    @Test
    void aRatioOfOneOrAnEmptyContextChangesNothing() {
        String original = CompressionCorpus.ALL.get(5).text();

        CompressedPrompt unchanged = compressor.compressNow(new CompressionRequest(original, null, 1.0, null));
        assertThat(unchanged.text()).isEqualTo(original);
        assertThat(unchanged.ratio()).isEqualTo(1.0);

        CompressedPrompt empty = compressor.compressNow(new CompressionRequest("", null, 0.5, null));
        assertThat(empty.text()).isEmpty();
        assertThat(empty.originalTokens()).isZero();
        assertThat(empty.ratio()).isEqualTo(1.0);
    }

    @Test
    void aForcedPhraseSurvivesEvenAnAggressiveRatio() {
        String original = CompressionCorpus.ALL.get(6).text();

        String compressed = compressor
                .compressNow(
                        new CompressionRequest(original, "", 0.2, List.of("sliding window of 10 calls", "Javadoc")))
                .text();

        assertThat(compressed).contains("sliding window of 10 calls").contains("Javadoc");
    }

    @Test
    void theRatioMustBeAShareOfTheContext() {
        assertThatThrownBy(() -> new CompressionRequest("text", null, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("greater than 0 and at most 1");
        assertThatThrownBy(() -> new CompressionRequest("text", null, 1.5, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompressionRequest("text", null, Double.NaN, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compressesOnTheSchedulerItIsGivenNeverTheCallersThread() {
        ThreadPoolExecutor executor = singleThread();
        BuiltInPromptCompressor own =
                new BuiltInPromptCompressor(512, Schedulers.fromExecutorService(executor, "test-compression"));

        StepVerifier.create(
                        own.compress(CompressionCorpus.ALL.get(1).text(), "What changed?", 0.5, List.of("healthcheck")))
                .assertNext(result -> {
                    assertThat(result.text()).contains("healthcheck");
                    assertThat(Thread.currentThread().getName()).isEqualTo("test-compression-thread");
                })
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        executor.shutdownNow();
    }

    @Test
    void twentyThousandForceTokensOverFourHundredKilobytesCostSecondsNotAMinute() {
        String context = largeContext();
        List<String> forceTokens =
                IntStream.range(0, 20_000).mapToObj(i -> "token" + i).toList();
        String instruction = "why did the deployment of the service fail ".repeat(500);

        CompressedPrompt result = assertTimeoutPreemptively(
                Duration.ofSeconds(15),
                () -> compressor.compressNow(new CompressionRequest(context, instruction, 0.5, forceTokens)));

        assertThat(result.ratio()).isBetween(0.45, 0.55);
    }

    @Test
    void aCancelledCompressionStopsWorkingNotOnlyAnswering() {
        ThreadPoolExecutor executor = singleThread();
        BuiltInPromptCompressor own =
                new BuiltInPromptCompressor(512, Schedulers.fromExecutorService(executor, "test-compression"));
        String context = largeContext();

        StepVerifier.create(own.compress(context, "", 0.5, List.of()).timeout(Duration.ofMillis(50)))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(10));
        long cancelled = System.nanoTime();
        await(() -> executor.getActiveCount() == 0, Duration.ofSeconds(5));
        long stoppedAfterMillis = (System.nanoTime() - cancelled) / 1_000_000;

        long start = System.nanoTime();
        compressor.compressNow(new CompressionRequest(context, "", 0.5, List.of()));
        long fullMillis = (System.nanoTime() - start) / 1_000_000;
        // Generous on purpose (a shared machine may pause the worker): what it catches is work that runs to its end.
        assertThat(stoppedAfterMillis)
                .as("ms the cancelled work went on (a whole compression takes %d ms)", fullMillis)
                .isLessThan(Math.max(100, fullMillis / 2));
        executor.shutdownNow();
    }

    @Test
    void aCompressionWhoseThreadIsInterruptedStopsWithACancellationInsteadOfFinishing() throws Exception {
        String context = largeContext();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            started.countDown();
            try {
                compressor.compressNow(new CompressionRequest(context, "", 0.5, List.of()));
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        worker.start();
        started.await();
        worker.interrupt();
        worker.join(Duration.ofSeconds(10).toMillis());

        assertThat(worker.isAlive()).isFalse();
        assertThat(ended.get()).isInstanceOf(CancellationException.class);
    }

    /** About 400 KB of the corpus, repeated: the size of the review's slow request. */
    private static String largeContext() {
        String corpus = CompressionCorpus.ALL.stream()
                .map(CompressionCorpus.Context::text)
                .collect(Collectors.joining("\n"));
        StringBuilder text = new StringBuilder();
        while (text.length() < 400_000) {
            text.append(corpus).append('\n');
        }
        return text.substring(0, 400_000);
    }

    private static ThreadPoolExecutor singleThread() {
        return new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(4),
                task -> new Thread(task, "test-compression-thread"));
    }

    private static void await(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", limit).isLessThan(deadline);
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static Set<String> words(String text) {
        return new LinkedHashSet<>(Arrays.asList(text.strip().split("\\s+")));
    }

    private static Set<String> cores(String text) {
        return words(text).stream()
                .map(word -> Words.core(word).toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.toSet());
    }

    private static long occurrences(String text, String core) {
        return Arrays.stream(text.split("\\s+"))
                .map(word -> Words.core(word).toLowerCase(java.util.Locale.ROOT))
                .filter(core::equals)
                .count();
    }

    private static boolean isSubsequence(List<String> kept, List<String> original) {
        int position = 0;
        for (String word : kept) {
            while (position < original.size() && !original.get(position).equals(word)) {
                position++;
            }
            if (position == original.size()) {
                return false;
            }
            position++;
        }
        return true;
    }
}
