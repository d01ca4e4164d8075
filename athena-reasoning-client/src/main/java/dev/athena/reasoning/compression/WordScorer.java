package dev.athena.reasoning.compression;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.athena.reasoning.compression.Words.Word;

/**
 * Scores each word by how much an LLM would miss it, the way LLMLingua-2's token classifier learnt to: forced tokens,
 * and the first occurrence of every number, code identifier, path and URL, are never dropped ({@link #MUST_KEEP});
 * their repeats rank above everything else; the instruction's terms, negations, names and acronyms rank high; ordinary
 * content words in the middle, rarer and longer ones first; stop words and fillers last.
 */
final class WordScorer {

    static final double MUST_KEEP = Double.POSITIVE_INFINITY;

    /**
     * A number or identifier seen before: the first occurrence already carries it, so repeats go first among the rest.
     */
    private static final double REPEATED_MUST_KEEP = 0.95;

    private static final double INSTRUCTION_TERM = 0.9;
    private static final double ACRONYM = 0.85;
    private static final double NEGATION = 0.8;
    private static final double NAME = 0.75;
    private static final double CONTENT_BASE = 0.35;
    private static final double STOP_WORD = 0.05;
    private static final double FILLER = 0.01;
    private static final double SYMBOL = 0.02;

    private static final Pattern DIGIT = Pattern.compile("\\d");
    private static final Pattern CODE = Pattern.compile(String.join(
            "|",
            "[A-Za-z0-9]_[A-Za-z0-9]", // snake_case, SCREAMING_CASE
            "[a-z][A-Z]", // camelCase
            "[A-Z][a-z0-9]+[A-Z]", // PascalCase with an inner capital
            "\\w{2,}\\.\\w|\\w\\.\\w{2,}", // dotted names and files: MemoryService.recall, o.s.b.Tomcat, pom.xml
            "\\w/\\w|^[~.]?/\\w|\\\\\\w", // paths
            "::|->|=>|\\(\\)|\\w\\(|\\w=|\\w\\[", // calls, members, assignments, indexing
            "^[@#$]\\w|^--?[a-z]", // annotations, mentions, variables, flags
            "^`|`$|https?://"));
    private static final Pattern ACRONYM_WORD = Pattern.compile("[A-Z]{2,}s?");
    private static final Pattern NAME_WORD = Pattern.compile("[A-Z][a-z]+(?:['’]s)?");
    private static final Pattern SYMBOLS_ONLY = Pattern.compile("[^\\p{L}\\p{N}]+");

    private static final Set<String> STOP_WORDS = Set.of(
            "a",
            "an",
            "the",
            "and",
            "or",
            "but",
            "if",
            "then",
            "else",
            "of",
            "at",
            "by",
            "for",
            "with",
            "about",
            "against",
            "between",
            "into",
            "through",
            "during",
            "before",
            "after",
            "above",
            "below",
            "to",
            "from",
            "up",
            "down",
            "in",
            "out",
            "on",
            "off",
            "over",
            "under",
            "again",
            "further",
            "once",
            "here",
            "there",
            "when",
            "where",
            "why",
            "how",
            "all",
            "any",
            "both",
            "each",
            "few",
            "more",
            "most",
            "other",
            "some",
            "such",
            "only",
            "own",
            "same",
            "than",
            "too",
            "can",
            "will",
            "should",
            "would",
            "could",
            "may",
            "might",
            "must",
            "shall",
            "i",
            "me",
            "my",
            "myself",
            "we",
            "our",
            "ours",
            "ourselves",
            "you",
            "your",
            "yours",
            "yourself",
            "he",
            "him",
            "his",
            "she",
            "her",
            "hers",
            "it",
            "its",
            "itself",
            "they",
            "them",
            "their",
            "theirs",
            "what",
            "which",
            "who",
            "whom",
            "this",
            "that",
            "these",
            "those",
            "am",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "have",
            "has",
            "had",
            "having",
            "do",
            "does",
            "did",
            "doing",
            "as",
            "until",
            "while",
            "because",
            "since",
            "so",
            "also",
            "now",
            "let",
            "lets",
            "let's",
            "i'm",
            "i've",
            "i'll",
            "i'd",
            "we're",
            "we've",
            "we'll",
            "you're",
            "it's",
            "that's",
            "there's",
            "here's",
            "what's",
            "via",
            "per",
            "got",
            "get",
            "gets",
            "go",
            "going",
            "one",
            "like");
    private static final Set<String> FILLERS = Set.of(
            "um",
            "uh",
            "uhm",
            "er",
            "erm",
            "hmm",
            "basically",
            "actually",
            "literally",
            "really",
            "very",
            "just",
            "quite",
            "totally",
            "simply",
            "honestly",
            "anyway",
            "anyways",
            "okay",
            "ok",
            "yeah",
            "yep",
            "well",
            "pretty",
            "somewhat",
            "kinda",
            "sorta",
            "perhaps",
            "maybe",
            "sure",
            "alright",
            "right",
            "oh",
            "hey",
            "thanks",
            "please");
    private static final Set<String> NEGATIONS = Set.of(
            "no",
            "not",
            "never",
            "none",
            "nothing",
            "nobody",
            "neither",
            "nor",
            "without",
            "cannot",
            "can't",
            "don't",
            "doesn't",
            "didn't",
            "isn't",
            "aren't",
            "wasn't",
            "weren't",
            "won't",
            "wouldn't",
            "shouldn't",
            "couldn't",
            "haven't",
            "hasn't",
            "hadn't",
            "mustn't");

    private WordScorer() {}

    static double[] score(List<Word> words, String instruction, List<String> forceTokens) {
        Map<String, Integer> frequency = new HashMap<>();
        words.forEach(word -> frequency.merge(word.lowerCore(), 1, Integer::sum));
        InstructionTerms instructionTerms = InstructionTerms.of(instruction);
        boolean[] forced = forced(words, forceTokens);

        Set<String> seenMustKeep = new HashSet<>();
        double[] scores = new double[words.size()];
        for (int i = 0; i < words.size(); i++) {
            CompressionCancellation.stopIfCancelled(i);
            Word word = words.get(i);
            boolean sentenceStart =
                    word.lineStart() || (i > 0 && words.get(i - 1).endsSentence());
            if (forced[i]) {
                scores[i] = MUST_KEEP;
            } else if (isMustKeep(word.text())) {
                scores[i] = seenMustKeep.add(word.text()) ? MUST_KEEP : REPEATED_MUST_KEEP;
            } else {
                scores[i] = score(word, sentenceStart, frequency.get(word.lowerCore()), instructionTerms);
            }
        }
        return scores;
    }

    /** Whether a word is one that must never be dropped: a number, an identifier, a path or a URL. */
    static boolean isMustKeep(String word) {
        return DIGIT.matcher(word).find() || CODE.matcher(word).find();
    }

    private static double score(Word word, boolean sentenceStart, int frequency, InstructionTerms instructionTerms) {
        String core = word.core();
        String lower = word.lowerCore();
        double rarity = 1 / (1 + Math.log(frequency));
        if (core.isEmpty() || SYMBOLS_ONLY.matcher(core).matches()) {
            return SYMBOL;
        }
        if (instructionTerms.matches(lower)) {
            return INSTRUCTION_TERM + 0.05 * rarity;
        }
        if (NEGATIONS.contains(lower)) {
            return NEGATION;
        }
        if (ACRONYM_WORD.matcher(core).matches()) {
            return ACRONYM + 0.05 * rarity;
        }
        if (FILLERS.contains(lower)) {
            return FILLER;
        }
        if (STOP_WORDS.contains(lower)) {
            return STOP_WORD + 0.02 * rarity;
        }
        if (!sentenceStart && NAME_WORD.matcher(core).matches()) {
            return NAME + 0.05 * rarity;
        }
        return CONTENT_BASE + 0.25 * rarity + 0.1 * Math.min(core.length(), 12) / 12.0;
    }

    /**
     * The instruction's terms, and the five-letter stems of the longer ones: a word matches a term when it equals it or
     * shares its stem ("retry" / "retries", "deploy" / "deployment"). Two set lookups per word, however long the
     * instruction.
     */
    private record InstructionTerms(Set<String> terms, Set<String> stems) {

        static final int STEM = 5;

        static InstructionTerms of(String instruction) {
            Set<String> terms = new HashSet<>();
            Set<String> stems = new HashSet<>();
            for (Word word : Words.split(instruction)) {
                String lower = word.lowerCore();
                if (lower.length() > 2 && !STOP_WORDS.contains(lower) && !FILLERS.contains(lower)) {
                    terms.add(lower);
                    if (lower.length() >= STEM) {
                        stems.add(lower.substring(0, STEM));
                    }
                }
            }
            return new InstructionTerms(terms, stems);
        }

        boolean matches(String lower) {
            return terms.contains(lower) || (lower.length() >= STEM && stems.contains(lower.substring(0, STEM)));
        }
    }

    /**
     * Marks the words a force token names: a single word by its core or its whole text, a phrase by consecutive cores
     * (case-insensitive). The words are indexed once, so each token costs a lookup plus its own occurrences, not a pass
     * over the context.
     */
    private static boolean[] forced(List<Word> words, List<String> forceTokens) {
        boolean[] forced = new boolean[words.size()];
        if (forceTokens.isEmpty()) {
            return forced;
        }
        Map<String, List<Integer>> byCore = new HashMap<>();
        Map<String, List<Integer>> byText = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            byCore.computeIfAbsent(words.get(i).lowerCore(), key -> new ArrayList<>())
                    .add(i);
            byText.computeIfAbsent(words.get(i).text().toLowerCase(Locale.ROOT), key -> new ArrayList<>())
                    .add(i);
        }
        for (String token : new LinkedHashSet<>(forceTokens)) {
            List<String> phrase =
                    Words.split(token).stream().map(Word::lowerCore).toList();
            if (phrase.isEmpty()) {
                continue;
            }
            if (phrase.size() == 1) {
                if (!phrase.get(0).isEmpty()) {
                    byCore.getOrDefault(phrase.get(0), List.of()).forEach(i -> forced[i] = true);
                }
                byText.getOrDefault(token.strip().toLowerCase(Locale.ROOT), List.of())
                        .forEach(i -> forced[i] = true);
                continue;
            }
            for (int start : byCore.getOrDefault(phrase.get(0), List.of())) {
                if (start + phrase.size() <= words.size() && phraseAt(words, start, phrase)) {
                    for (int j = start; j < start + phrase.size(); j++) {
                        forced[j] = true;
                    }
                }
            }
        }
        return forced;
    }

    private static boolean phraseAt(List<Word> words, int start, List<String> phrase) {
        for (int j = 1; j < phrase.size(); j++) {
            if (!words.get(start + j).lowerCore().equals(phrase.get(j))) {
                return false;
            }
        }
        return true;
    }
}
