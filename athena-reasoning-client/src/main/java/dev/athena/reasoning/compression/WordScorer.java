package dev.athena.reasoning.compression;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.athena.reasoning.compression.Words.Word;

/**
 * Scores each word by how much an LLM would miss it, the way LLMLingua-2's token classifier learnt to: forced tokens,
 * and the first occurrence of every number, code identifier, path and URL, are never dropped ({@link #MUST_KEEP});
 * their repeats rank above everything else; the instruction's terms,
 * negations, names and acronyms rank high; ordinary content words in the middle, rarer and longer ones first;
 * stop words and fillers last.
 */
final class WordScorer {

    static final double MUST_KEEP = Double.POSITIVE_INFINITY;

    /** A number or identifier seen before: the first occurrence already carries it, so repeats go first among the rest. */
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
    private static final Pattern CODE = Pattern.compile(String.join("|",
            "[A-Za-z0-9]_[A-Za-z0-9]",           // snake_case, SCREAMING_CASE
            "[a-z][A-Z]",                        // camelCase
            "[A-Z][a-z0-9]+[A-Z]",               // PascalCase with an inner capital
            "\\w{2,}\\.\\w|\\w\\.\\w{2,}",       // dotted names and files: MemoryService.recall, o.s.b.Tomcat, pom.xml
            "\\w/\\w|^[~.]?/\\w|\\\\\\w",        // paths
            "::|->|=>|\\(\\)|\\w\\(|\\w=|\\w\\[", // calls, members, assignments, indexing
            "^[@#$]\\w|^--?[a-z]",               // annotations, mentions, variables, flags
            "^`|`$|https?://"));
    private static final Pattern ACRONYM_WORD = Pattern.compile("[A-Z]{2,}s?");
    private static final Pattern NAME_WORD = Pattern.compile("[A-Z][a-z]+(?:['’]s)?");
    private static final Pattern SYMBOLS_ONLY = Pattern.compile("[^\\p{L}\\p{N}]+");

    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "if", "then", "else", "of", "at", "by", "for", "with", "about", "against",
            "between", "into", "through", "during", "before", "after", "above", "below", "to", "from", "up", "down", "in",
            "out", "on", "off", "over", "under", "again", "further", "once", "here", "there", "when", "where", "why", "how",
            "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "only", "own", "same", "than",
            "too", "can", "will", "should", "would", "could", "may", "might", "must", "shall", "i", "me", "my", "myself",
            "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "he", "him", "his", "she", "her", "hers",
            "it", "its", "itself", "they", "them", "their", "theirs", "what", "which", "who", "whom", "this", "that",
            "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having",
            "do", "does", "did", "doing", "as", "until", "while", "because", "since", "so", "also", "now", "let", "lets",
            "let's", "i'm", "i've", "i'll", "i'd", "we're", "we've", "we'll", "you're", "it's", "that's", "there's",
            "here's", "what's", "via", "per", "got", "get", "gets", "go", "going", "one", "like");
    private static final Set<String> FILLERS = Set.of(
            "um", "uh", "uhm", "er", "erm", "hmm", "basically", "actually", "literally", "really", "very", "just", "quite",
            "totally", "simply", "honestly", "anyway", "anyways", "okay", "ok", "yeah", "yep", "well", "pretty",
            "somewhat", "kinda", "sorta", "perhaps", "maybe", "sure", "alright", "right", "oh", "hey", "thanks", "please");
    private static final Set<String> NEGATIONS = Set.of(
            "no", "not", "never", "none", "nothing", "nobody", "neither", "nor", "without", "cannot", "can't", "don't",
            "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't", "wouldn't", "shouldn't", "couldn't",
            "haven't", "hasn't", "hadn't", "mustn't");

    private WordScorer() {
    }

    static double[] score(List<Word> words, String instruction, List<String> forceTokens) {
        Map<String, Integer> frequency = new HashMap<>();
        words.forEach(word -> frequency.merge(word.lowerCore(), 1, Integer::sum));
        Set<String> instructionTerms = instructionTerms(instruction);
        boolean[] forced = forced(words, forceTokens);

        Set<String> seenMustKeep = new HashSet<>();
        double[] scores = new double[words.size()];
        for (int i = 0; i < words.size(); i++) {
            Word word = words.get(i);
            boolean sentenceStart = word.lineStart() || (i > 0 && words.get(i - 1).endsSentence());
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

    private static double score(Word word, boolean sentenceStart, int frequency, Set<String> instructionTerms) {
        String core = word.core();
        String lower = word.lowerCore();
        double rarity = 1 / (1 + Math.log(frequency));
        if (core.isEmpty() || SYMBOLS_ONLY.matcher(core).matches()) {
            return SYMBOL;
        }
        if (matchesInstruction(lower, instructionTerms)) {
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

    private static Set<String> instructionTerms(String instruction) {
        Set<String> terms = new HashSet<>();
        for (Word word : Words.split(instruction)) {
            String lower = word.lowerCore();
            if (lower.length() > 2 && !STOP_WORDS.contains(lower) && !FILLERS.contains(lower)) {
                terms.add(lower);
            }
        }
        return terms;
    }

    /** Equal, or sharing a five-letter stem: "retry" / "retries", "deploy" / "deployment". */
    private static boolean matchesInstruction(String lower, Set<String> terms) {
        if (terms.contains(lower)) {
            return true;
        }
        if (lower.length() < 5) {
            return false;
        }
        for (String term : terms) {
            if (term.length() >= 5 && term.regionMatches(0, lower, 0, 5)) {
                return true;
            }
        }
        return false;
    }

    /** Marks the words a force token names: a single word by its core, a phrase by consecutive cores (case-insensitive). */
    private static boolean[] forced(List<Word> words, List<String> forceTokens) {
        boolean[] forced = new boolean[words.size()];
        for (String token : forceTokens) {
            List<String> phrase = Words.split(token).stream().map(Word::lowerCore).toList();
            if (phrase.isEmpty()) {
                continue;
            }
            String raw = token.strip().toLowerCase(Locale.ROOT);
            for (int start = 0; start + phrase.size() <= words.size(); start++) {
                if (matchesAt(words, start, phrase, raw)) {
                    for (int j = start; j < start + phrase.size(); j++) {
                        forced[j] = true;
                    }
                }
            }
        }
        return forced;
    }

    private static boolean matchesAt(List<Word> words, int start, List<String> phrase, String raw) {
        if (phrase.size() == 1) {
            Word word = words.get(start);
            String core = phrase.get(0);
            return (!core.isEmpty() && word.lowerCore().equals(core)) || word.text().toLowerCase(Locale.ROOT).equals(raw);
        }
        for (int j = 0; j < phrase.size(); j++) {
            if (!words.get(start + j).lowerCore().equals(phrase.get(j))) {
                return false;
            }
        }
        return true;
    }
}
