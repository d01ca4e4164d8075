package dev.athena.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.athena.bench.AthenaClient.Reply;
import dev.athena.bench.PhaseRunner.Weighted;
import dev.athena.bench.Tools.RecallAnswer;
import dev.athena.bench.Tools.RememberAnswer;
import dev.athena.bench.Tools.RememberBatchAnswer;

/**
 * The tool soak's calls: recall 35%, remember 20%, record_event 15%, list_memories, get_memory (of a memory this run
 * stored) and recall_events 10% each, in one project, with short texts about a few subjects. Every answer must be a 200
 * of the documented shape; remember's ids feed get_memory.
 */
final class ToolSoakWorkload {

    static final int SESSIONS = 64;
    private static final int SEED_BATCH = 500;

    private static final String[] SUBJECTS = {
        "the checkout service",
        "the payment gateway",
        "the nightly export",
        "the search index",
        "the auth proxy",
        "the mobile app",
        "the billing job",
        "the staging cluster",
        "the feature flag service",
        "the data lake"
    };
    private static final String[] FACTS = {
        "times out after %d seconds under load",
        "needs %d GB of memory to start",
        "was migrated to Java %d",
        "retries %d times before giving up",
        "logs at level WARN since release %d",
        "is owned by team %d",
        "runs %d replicas in production",
        "caches results for %d minutes"
    };
    private static final String[] EVENT_TYPES = {
        "action", "decision", "error", "success", "file_change", "test_run", "debugging"
    };
    private static final String[] QUERIES = {
        "How long until %s times out?",
        "Who owns %s?",
        "How much memory does %s need?",
        "What changed in %s?",
        "How many replicas does %s run?"
    };
    private static final String[] AREAS = {"ops", "dev", "infra"};

    private final AthenaClient athena;
    private final MemoryIds stored = new MemoryIds();

    ToolSoakWorkload(AthenaClient athena) {
        this.athena = athena;
    }

    /** The six tools by weight, in the order the report lists them. */
    List<Weighted> mix(SplittableRandom seed) {
        return List.of(
                new Weighted("recall", 35, withRandom(seed, this::recall)),
                new Weighted("remember", 20, withRandom(seed, this::remember)),
                new Weighted("record_event", 15, withRandom(seed, this::recordEvent)),
                new Weighted("list_memories", 10, withRandom(seed, this::listMemories)),
                new Weighted("get_memory", 10, withRandom(seed, this::getMemory)),
                new Weighted("recall_events", 10, withRandom(seed, this::recallEvents)));
    }

    /**
     * Stores {@code memories} memories and {@link #SESSIONS} events first, so that reads find something from the first
     * second on. The first failed call's reply, if any.
     */
    Reply<?> seed(int memories, SplittableRandom random) {
        for (int offset = 0; offset < memories; offset += SEED_BATCH) {
            List<SeedItem> items = new ArrayList<>();
            for (int i = 0; i < Math.min(SEED_BATCH, memories - offset); i++) {
                items.add(new SeedItem(sentence(random), List.of("seed")));
            }
            Reply<RememberBatchAnswer> reply = athena.call(
                    Tools.REMEMBER_BATCH,
                    new SeedBatch(athena.project(), items),
                    RememberBatchAnswer.class,
                    answer -> answer.results() != null
                            && answer.results().stream().allMatch(result -> result.id() != null));
            if (!reply.ok()) {
                return reply;
            }
            reply.answer().results().forEach(result -> stored.add(result.id()));
        }
        List<SeedEvent> events = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            events.add(new SeedEvent(pick(random, EVENT_TYPES), sentence(random), "soak-" + i));
        }
        // Only the status counts here, as in every version of this soak: the events are there for recall_events.
        Reply<Recorded> reply = athena.call(
                "batch_record_events", new SeedEvents(athena.project(), events), Recorded.class, answer -> true);
        return reply.ok() ? null : reply;
    }

    private Reply<?> recall(SplittableRandom random) {
        String query = String.format(Locale.ROOT, pick(random, QUERIES), pick(random, SUBJECTS));
        return athena.call(
                Tools.RECALL,
                new Recall(athena.project(), query, random.nextBoolean() ? 5 : 10),
                RecallAnswer.class,
                RecallAnswer::wellFormed);
    }

    private Reply<?> remember(SplittableRandom random) {
        Remember request = new Remember(
                athena.project(),
                sentence(random),
                List.of(pick(random, AREAS)),
                Math.round(random.nextDouble() * 100) / 100.0);
        Reply<RememberAnswer> reply = athena.call(
                Tools.REMEMBER,
                request,
                RememberAnswer.class,
                answer -> answer.wellFormed()
                        && List.of("created", "duplicate", "pending_embedding").contains(answer.status()));
        if (reply.ok()) {
            stored.add(reply.answer().id());
        }
        return reply;
    }

    private Reply<?> recordEvent(SplittableRandom random) {
        RecordEvent request = new RecordEvent(
                athena.project(),
                pick(random, EVENT_TYPES),
                sentence(random),
                session(random),
                random.nextBoolean() ? "success" : "failure");
        return athena.call("record_event", request, Recorded.class, answer -> answer.id() != null);
    }

    private Reply<?> listMemories(SplittableRandom random) {
        return athena.call(
                "list_memories",
                new ListMemories(athena.project(), random.nextBoolean() ? 10 : 50),
                Listed.class,
                answer -> answer.items() != null);
    }

    private Reply<?> getMemory(SplittableRandom random) {
        return athena.call(
                "get_memory",
                new GetMemory(athena.project(), stored.any(random)),
                Fetched.class,
                answer -> answer.content() != null);
    }

    private Reply<?> recallEvents(SplittableRandom random) {
        return athena.call(
                "recall_events",
                new RecallEvents(athena.project(), session(random), 20),
                Events.class,
                answer -> answer.events() != null);
    }

    private static String sentence(SplittableRandom random) {
        String subject = pick(random, SUBJECTS);
        String fact = String.format(Locale.ROOT, pick(random, FACTS), random.nextInt(2, 100));
        return Character.toUpperCase(subject.charAt(0)) + subject.substring(1) + " " + fact + " (note "
                + random.nextInt(1_000_000_000) + ")";
    }

    private static String session(SplittableRandom random) {
        return "soak-" + random.nextInt(SESSIONS);
    }

    private static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Each worker thread draws from its own generator, split from the seed: no contention, repeatable per thread. */
    private static Operation withRandom(SplittableRandom seed, ToolCall call) {
        ThreadLocal<SplittableRandom> random;
        synchronized (seed) {
            SplittableRandom base = seed.split();
            random = ThreadLocal.withInitial(() -> {
                synchronized (base) {
                    return base.split();
                }
            });
        }
        return () -> call.call(random.get());
    }

    @FunctionalInterface
    private interface ToolCall {
        Reply<?> call(SplittableRandom random);
    }

    /** The ids of the memories this run stored; get_memory asks for one of them. */
    private static final class MemoryIds {
        private final List<String> ids = new ArrayList<>();

        synchronized void add(String id) {
            ids.add(id);
        }

        synchronized String any(SplittableRandom random) {
            return ids.get(random.nextInt(ids.size()));
        }
    }

    @JsonPropertyOrder({"content", "tags"})
    record SeedItem(String content, List<String> tags) {}

    @JsonPropertyOrder({"project", "items"})
    record SeedBatch(String project, List<SeedItem> items) {}

    @JsonPropertyOrder({"event_type", "content", "session_id"})
    record SeedEvent(
            @JsonProperty("event_type") String eventType,
            String content,
            @JsonProperty("session_id") String sessionId) {}

    @JsonPropertyOrder({"project", "events"})
    record SeedEvents(String project, List<SeedEvent> events) {}

    @JsonPropertyOrder({"project", "query", "k"})
    record Recall(String project, String query, int k) {}

    @JsonPropertyOrder({"project", "content", "tags", "importance"})
    record Remember(String project, String content, List<String> tags, double importance) {}

    @JsonPropertyOrder({"project", "event_type", "content", "session_id", "outcome"})
    record RecordEvent(
            String project,
            @JsonProperty("event_type") String eventType,
            String content,
            @JsonProperty("session_id") String sessionId,
            String outcome) {}

    @JsonPropertyOrder({"project", "limit"})
    record ListMemories(String project, int limit) {}

    @JsonPropertyOrder({"project", "memory_id"})
    record GetMemory(
            String project, @JsonProperty("memory_id") String memoryId) {}

    @JsonPropertyOrder({"project", "session_id", "limit"})
    record RecallEvents(
            String project, @JsonProperty("session_id") String sessionId, int limit) {}

    /** record_event's {@code {"id"}} and batch_record_events' {@code {"ids", "recorded"}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Recorded(String id, List<String> ids) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Listed(List<Object> items) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Fetched(String content) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Events(List<Object> events) {}
}
