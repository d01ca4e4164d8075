package dev.athena.reasoning.compression;

import static dev.athena.reasoning.compression.CompressionCancellation.stopIfCancelled;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;

import dev.athena.reasoning.compression.Words.Word;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Compression with no model, following LLMLingua-2's pipeline with a rule-based scorer in place of its token
 * classifier: split the context into words; score every word ({@link WordScorer}); cut the context into chunks of about
 * {@code chunkTokens} tokens so that every part is compressed alike; in each chunk keep the must-keep words and then
 * the best-scored others, in their original order, up to the score percentile whose output meets the target token ratio
 * (found by bisection on the real cl100k count of the output). The cost grows with the context's length times the
 * logarithm of the chunk size, whatever the instruction and force tokens.
 *
 * <p>The work runs on the scheduler it is given, which should be its own (never the one embeddings run on), and stops
 * between chunks once its subscription is cancelled (a caller's deadline): Reactor interrupts the worker thread.
 */
final class BuiltInPromptCompressor implements PromptCompressor {

    static final String NAME = "builtin";

    private final int chunkTokens;
    private final Scheduler scheduler;

    /** For tests and benchmarks, which call {@link #compressNow} directly. */
    BuiltInPromptCompressor(int chunkTokens) {
        this(chunkTokens, Schedulers.immediate());
    }

    BuiltInPromptCompressor(int chunkTokens, Scheduler scheduler) {
        if (chunkTokens < 16) {
            throw new IllegalArgumentException("chunk size must be at least 16 tokens, was " + chunkTokens);
        }
        this.chunkTokens = chunkTokens;
        this.scheduler = scheduler;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Mono<CompressedPrompt> compress(CompressionRequest request) {
        // CPU-bound: keep it off the event loop. Cancelled, it ends empty: nobody is listening any more, and an error
        // would only be logged as dropped.
        return Mono.fromCallable(() -> {
                    try {
                        return compressNow(request);
                    } catch (CancellationException e) {
                        return null;
                    }
                })
                .subscribeOn(scheduler);
    }

    CompressedPrompt compressNow(CompressionRequest request) {
        String context = request.context();
        int originalTokens = TokenCounter.count(context);
        stopIfCancelled();
        List<Word> words = Words.split(context);
        if (request.targetRatio() >= 1 || words.isEmpty()) {
            return CompressedPrompt.of(context, originalTokens, originalTokens, NAME);
        }
        double[] scores = WordScorer.score(words, request.instruction(), request.forceTokens());
        stopIfCancelled();
        boolean[] keep = new boolean[words.size()];
        List<int[]> chunks = chunks(words);
        int[] chunkTokens = chunks.stream()
                .mapToInt(chunk -> {
                    stopIfCancelled();
                    return renderedTokens(words.subList(chunk[0], chunk[1]));
                })
                .toArray();
        long allChunkTokens = IntStream.of(chunkTokens).asLongStream().sum();
        // The budget is a share of the original count (indentation and blank lines included), spread over the chunks.
        double target = request.targetRatio() * originalTokens;
        for (int c = 0; c < chunks.size(); c++) {
            stopIfCancelled();
            int budget = (int) Math.round(target * chunkTokens[c] / Math.max(1, allChunkTokens));
            selectWithinChunk(words, scores, chunks.get(c)[0], chunks.get(c)[1], budget, keep);
        }
        String compressed = Words.render(words, keep);
        return CompressedPrompt.of(compressed, originalTokens, TokenCounter.count(compressed), NAME);
    }

    /** Consecutive lines up to about {@code chunkTokens}; a longer line is cut between words. */
    private List<int[]> chunks(List<Word> words) {
        Map<String, Integer> cost = new HashMap<>();
        List<int[]> chunks = new ArrayList<>();
        int start = 0;
        int tokens = 0;
        for (int i = 0; i < words.size(); i++) {
            stopIfCancelled(i);
            int wordTokens = cost.computeIfAbsent(words.get(i).text(), text -> TokenCounter.count(" " + text));
            boolean newLine =
                    i > start && words.get(i).line() != words.get(i - 1).line();
            if (i > start && tokens + wordTokens > chunkTokens && (newLine || tokens >= chunkTokens / 2)) {
                chunks.add(new int[] {start, i});
                start = i;
                tokens = 0;
            }
            tokens += wordTokens;
        }
        chunks.add(new int[] {start, words.size()});
        return chunks;
    }

    /**
     * Keeps the must-keep words of {@code [from, to)}, then bisects on how many of the others, best first, fit the
     * chunk's token budget, and takes whichever of the two neighbouring counts lands closer to it.
     */
    private static void selectWithinChunk(
            List<Word> allWords, double[] scores, int from, int to, int budget, boolean[] keep) {
        List<Word> words = allWords.subList(from, to);
        Integer[] optional = IntStream.range(0, words.size())
                .filter(i -> scores[from + i] != WordScorer.MUST_KEEP)
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[from + i])
                        .thenComparingInt(i -> i))
                .toArray(Integer[]::new);

        int low = 0;
        int high = optional.length;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (tokens(words, scores, from, optional, middle) <= budget) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        int chosen = low;
        if (low < optional.length) {
            int under = budget - tokens(words, scores, from, optional, low);
            int over = tokens(words, scores, from, optional, low + 1) - budget;
            chosen = over < under ? low + 1 : low;
        }
        boolean[] selected = selection(words.size(), scores, from, optional, chosen);
        for (int i = 0; i < words.size(); i++) {
            keep[from + i] = selected[i];
        }
    }

    private static int tokens(List<Word> words, double[] scores, int from, Integer[] optional, int count) {
        return TokenCounter.count(Words.render(words, selection(words.size(), scores, from, optional, count)));
    }

    private static boolean[] selection(int size, double[] scores, int from, Integer[] optional, int count) {
        boolean[] selected = new boolean[size];
        for (int i = 0; i < size; i++) {
            selected[i] = scores[from + i] == WordScorer.MUST_KEEP;
        }
        for (int i = 0; i < count; i++) {
            selected[optional[i]] = true;
        }
        return selected;
    }

    private static int renderedTokens(List<Word> words) {
        boolean[] all = new boolean[words.size()];
        Arrays.fill(all, true);
        return TokenCounter.count(Words.render(words, all));
    }
}
