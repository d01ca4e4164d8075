package dev.athena.bench;

import static dev.athena.bench.Vocabulary.ALLERGENS;
import static dev.athena.bench.Vocabulary.CITIES;
import static dev.athena.bench.Vocabulary.CLASS_KINDS;
import static dev.athena.bench.Vocabulary.CLASS_PARTS;
import static dev.athena.bench.Vocabulary.CUSTOMERS;
import static dev.athena.bench.Vocabulary.DAYS;
import static dev.athena.bench.Vocabulary.ENVIRONMENTS;
import static dev.athena.bench.Vocabulary.EXCEPTIONS;
import static dev.athena.bench.Vocabulary.FEATURES;
import static dev.athena.bench.Vocabulary.FOODS;
import static dev.athena.bench.Vocabulary.HOBBIES;
import static dev.athena.bench.Vocabulary.KEYS;
import static dev.athena.bench.Vocabulary.LANGUAGES;
import static dev.athena.bench.Vocabulary.LIBRARIES;
import static dev.athena.bench.Vocabulary.MONTHS;
import static dev.athena.bench.Vocabulary.PAYMENT;
import static dev.athena.bench.Vocabulary.PEOPLE;
import static dev.athena.bench.Vocabulary.PLANS;
import static dev.athena.bench.Vocabulary.PROTOCOLS;
import static dev.athena.bench.Vocabulary.REGIONS;
import static dev.athena.bench.Vocabulary.SERVICE_KINDS;
import static dev.athena.bench.Vocabulary.SERVICE_PARTS;
import static dev.athena.bench.Vocabulary.STORAGE;
import static dev.athena.bench.Vocabulary.SUFFIXES;
import static dev.athena.bench.Vocabulary.TEAMS;
import static dev.athena.bench.Vocabulary.TECH;
import static dev.athena.bench.Vocabulary.TEMPLATES;
import static dev.athena.bench.Vocabulary.TIMEZONES;
import static dev.athena.bench.Vocabulary.TOOLS;
import static dev.athena.bench.Vocabulary.words;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import dev.athena.bench.Tools.MemoryItem;
import dev.athena.bench.Tools.RecallRequest;
import dev.athena.bench.Tools.RememberBatchRequest;
import dev.athena.bench.Tools.RememberRequest;
import dev.athena.bench.Vocabulary.Template;

/**
 * Generated memories and queries. Memory i is a pure function of (seed, i) and query j of (seed, j, the corpus size),
 * so the same seed gives the same corpus and the same queries, and a query can be drawn from a memory again.
 */
final class Corpus {

    /** How many memories a recall asks for. */
    static final int RECALL_K = 5;

    private static final Instant EPOCH = Instant.parse("2026-11-25T00:00:00Z");

    record Memory(String text, String type, List<String> tags, double importance, Instant occurredAt) {}

    private final long seed;

    Corpus(long seed) {
        this.seed = seed;
    }

    Memory memory(long index) {
        Map<String, String> s = slots(index);
        SplittableRandom r = random(index, 1);
        Template template = TEMPLATES.get(r.nextInt(TEMPLATES.size()));
        String text = fill(template.text(), s) + fill(SUFFIXES[r.nextInt(SUFFIXES.length)], s);
        List<String> tags = List.of(template.tag(), s.get("SVC"));
        double importance = Math.round((0.2 + r.nextDouble() * 0.7) * 100) / 100.0;
        Instant occurredAt = EPOCH.minusSeconds(r.nextLong(365L * 86_400));
        return new Memory(text, template.type(), tags, importance, occurredAt);
    }

    /** Query j: about a memory drawn from the first {@code memories}, either as a question or as keywords. */
    String query(long j, int memories) {
        SplittableRandom r = random(j, 2);
        long index = r.nextLong(memories);
        Map<String, String> s = slots(index);
        Template template = TEMPLATES.get(random(index, 1).nextInt(TEMPLATES.size()));
        return fill(template.questions().get(r.nextInt(2)), s);
    }

    RememberRequest rememberRequest(long index, String project) {
        Memory m = memory(index);
        return new RememberRequest(
                m.text(), m.type(), m.tags(), m.importance(), m.occurredAt().toString(), project);
    }

    RememberBatchRequest batchRequest(long from, long to, String project) {
        List<MemoryItem> items = new ArrayList<>((int) (to - from));
        for (long i = from; i < to; i++) {
            Memory m = memory(i);
            items.add(new MemoryItem(
                    m.text(), m.type(), m.tags(), m.importance(), m.occurredAt().toString()));
        }
        return new RememberBatchRequest(project, items);
    }

    RecallRequest recallRequest(long j, int memories, String project) {
        return new RecallRequest(query(j, memories), RECALL_K, project);
    }

    private SplittableRandom random(long index, long stream) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 31 + stream);
    }

    /** The slot values of memory i, drawn in a fixed order: reordering them changes every corpus. */
    private Map<String, String> slots(long index) {
        SplittableRandom r = random(index, 0);
        Map<String, String> s = new HashMap<>(64);
        s.put("P", pick(r, PEOPLE));
        s.put("P2", pick(r, PEOPLE));
        s.put("P3", pick(r, PEOPLE));
        s.put("SVC", pick(r, SERVICE_PARTS) + "-" + pick(r, SERVICE_KINDS));
        s.put("SVC2", pick(r, SERVICE_PARTS) + "-" + pick(r, SERVICE_KINDS));
        s.put("TECH", pick(r, TECH));
        s.put("TECH2", pick(r, TECH));
        s.put("LANG", pick(r, LANGUAGES));
        s.put("LIB", pick(r, LIBRARIES));
        s.put("LIB2", pick(r, LIBRARIES));
        s.put("REGION", pick(r, REGIONS));
        s.put("ENV", pick(r, ENVIRONMENTS));
        s.put("DAY", pick(r, DAYS));
        s.put("MONTH", pick(r, MONTHS));
        s.put("FEATURE", pick(r, FEATURES));
        String classPart = pick(r, CLASS_PARTS);
        s.put("CLASS", classPart + pick(r, CLASS_KINDS));
        s.put(
                "FILE",
                "src/main/java/com/example/" + classPart.toLowerCase(Locale.ROOT) + "/" + s.get("CLASS") + ".java");
        s.put("TEST", pick(r, CLASS_PARTS) + pick(r, CLASS_KINDS) + "Tests");
        s.put("EXC", pick(r, EXCEPTIONS));
        s.put("TOOL", pick(r, TOOLS));
        s.put("TEAM", pick(r, TEAMS));
        s.put("CITY", pick(r, CITIES));
        s.put("FOOD", pick(r, FOODS));
        s.put("ALLERGEN", pick(r, ALLERGENS));
        s.put("HOBBY", pick(r, HOBBIES));
        s.put("CUSTOMER", pick(r, CUSTOMERS) + " " + pick(r, words("GmbH Ltd Inc SA BV AB")));
        s.put("PLAN", pick(r, PLANS));
        s.put("PROTO", pick(r, PROTOCOLS));
        s.put("STORAGE", pick(r, STORAGE));
        s.put("PAYMENT", pick(r, PAYMENT));
        s.put("TZ", pick(r, TIMEZONES));
        s.put("PORT", Integer.toString(1024 + r.nextInt(60_000)));
        s.put("N", Integer.toString(2 + r.nextInt(58)));
        s.put("N2", Integer.toString(5 + r.nextInt(495)));
        s.put("N3", Integer.toString(50 + r.nextInt(4950)));
        s.put("N4", Integer.toString(10 + r.nextInt(990)));
        s.put("N5", Integer.toString(2 + r.nextInt(14)));
        s.put("N6", Integer.toString(8 << r.nextInt(5)));
        s.put("PCT", Integer.toString(1 + r.nextInt(30)));
        s.put("Q", Integer.toString(1 + r.nextInt(4)));
        s.put("INC", "INC-" + (1000 + r.nextInt(9000)));
        s.put("JIRA", pick(r, KEYS) + "-" + (100 + r.nextInt(9900)));
        s.put("PR", "PR #" + (100 + r.nextInt(19900)));
        s.put("SHA", Long.toHexString(0x1000000L + r.nextLong(0xF000000L)));
        s.put("VER", r.nextInt(1, 9) + "." + r.nextInt(30) + "." + r.nextInt(20));
        s.put("VER2", r.nextInt(1, 9) + "." + r.nextInt(30) + "." + r.nextInt(20));
        s.put("FLAG", s.get("FEATURE").replace('-', '_') + "_" + pick(r, words("v2 rollout beta enabled new")));
        s.put(
                "ENVVAR",
                (s.get("SVC").replace('-', '_') + "_" + s.get("FEATURE").replace('-', '_')).toUpperCase(Locale.ROOT));
        s.put(
                "TABLE",
                classPart.toLowerCase(Locale.ROOT) + "_" + pick(r, words("events items lines history snapshots")));
        s.put("ALERT", s.get("SVC").replace("-", "") + "LatencyHigh" + pick(r, words("P1 P2 P3")));
        s.put("INVOICE", "INV-" + (2024 + r.nextInt(3)) + "-" + (10_000 + r.nextInt(90_000)));
        s.put("TIME", (8 + r.nextInt(6)) + ":" + pick(r, words("00 15 30 45")));
        LocalDate date = LocalDate.of(2026, 1, 1).plusDays(r.nextInt(330));
        s.put("DATE", date.toString());
        return s;
    }

    private static String fill(String text, Map<String, String> slots) {
        if (text.indexOf('{') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        int at = 0;
        while (true) {
            int open = text.indexOf('{', at);
            if (open < 0) {
                return out.append(text, at, text.length()).toString();
            }
            int close = text.indexOf('}', open);
            out.append(text, at, open).append(slots.get(text.substring(open + 1, close)));
            at = close + 1;
        }
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }
}
