package dev.athena.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.athena.gateway.tools.ToolDescription;
import dev.athena.gateway.tools.ToolRegistry;
import dev.athena.memory.testing.DatabaseIntegrationTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestContextManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bad input sweep: a property-based test that throws random and hostile JSON at every tool the gateway lists
 * ({@code GET /tools}, the tool registry): wrong types for each parameter, huge strings, deep nesting, control
 * characters, NUL, lone surrogates, SQL and JSON-path metacharacters, Unicode edge cases, numbers out of range,
 * duplicate and unknown keys, top-level non-objects and bytes that are not JSON or not UTF-8. For every call:
 *
 * <ul>
 *   <li>never a 5xx;
 *   <li>a 4xx is an RFC 7807 problem whose {@code status} is the HTTP status, and the database is exactly as it was
 *       (memories, events, history, provenance and links, hashed before and after the call);
 *   <li>input that can never be valid is refused with a 4xx;
 *   <li>a 200 of a read-only tool wrote nothing, and what a 200 of remember or record_event stored is exactly what was
 *       sent (no replacement characters, no truncated or re-encoded text).
 * </ul>
 *
 * The calls go over HTTP to the running gateway, so the sweep sees exactly what a client sees. The number of tries is
 * bounded so that the sweep runs in seconds; jqwik prints the seed of a failure and tries it first on the next run.
 */
class BadInputSweepIntegrationTests {

    private static final String PROJECT = "sweep";
    /** Stands for the id of a memory created just before the call, so that calls on a memory can succeed. */
    private static final String MEMORY_ID = "@MEMORY_ID@";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String baseUrl;
    private static JdbcTemplate database;
    private static List<ToolShape> tools;

    /**
     * The gateway the sweep calls: the Spring test context every {@code @SpringBootTest} gateway test of this shape
     * shares (jqwik has no Spring extension, so the context is fetched from Spring's test context cache directly).
     */
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    static class Gateway extends DatabaseIntegrationTest {}

    /** A tool as {@code GET /tools} describes it: a valid call to start from, and its parameters' schemas. */
    record ToolShape(
            String name,
            ObjectNode validCall,
            Map<String, JsonNode> parameters,
            Set<String> required,
            boolean readOnly) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** One call of the sweep; {@code sent} is the parameters object when the body is one. */
    record HostileCall(String tool, String kind, String detail, byte[] body, boolean mustBeRejected, ObjectNode sent) {

        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return tool + " / " + kind + " (" + detail + "), " + body.length + " bytes: "
                    + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    @BeforeContainer
    static void connect() throws Exception {
        ApplicationContext gateway =
                new TestContextManager(Gateway.class).getTestContext().getApplicationContext();
        baseUrl = "http://127.0.0.1:" + gateway.getEnvironment().getRequiredProperty("local.server.port");
        database = gateway.getBean(JdbcTemplate.class);
        database.execute("TRUNCATE memories, episodic_events, memory_provenance CASCADE");
        database.execute("TRUNCATE memory_history");
        tools = describe(gateway.getBean(ToolRegistry.class).descriptions());
        seed();
    }

    @Property(tries = 400, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void everyToolRefusesHostileInputCleanlyAndStoresOnlyWhatItWasSent(@ForAll("hostileCalls") HostileCall call)
            throws Exception {
        Statistics.label("tool").collect(call.tool());
        Statistics.label("kind").collect(call.kind());
        Statistics.label("tool")
                .coverage(coverage ->
                        tools.forEach(tool -> coverage.check(tool.name()).count(n -> n >= 5)));
        byte[] body = call.body();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.contains(MEMORY_ID)) {
            body = text.replace(MEMORY_ID, freshMemoryId()).getBytes(StandardCharsets.UTF_8);
        }
        String before = snapshot();

        HttpResponse<String> response = post("/tools/" + call.tool() + "/execute", body);

        int status = response.statusCode();
        assertThat(status).as("status of %s: %s", call, response.body()).isLessThan(500);
        if (call.mustBeRejected()) {
            assertThat(status).as("status of %s: %s", call, response.body()).isBetween(400, 499);
        }
        if (status >= 400) {
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .as("content type of %s", call)
                    .startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(problem.get("type").asString()).startsWith("https://athena.dev/problems/");
            assertThat(response.body())
                    .doesNotContain("Exception")
                    .doesNotContain("at org.")
                    .doesNotContain("at dev.");
            assertThat(snapshot()).as("the database after the refused %s", call).isEqualTo(before);
        } else {
            assertThat(status).isEqualTo(200);
            JsonNode answer = JSON.readTree(response.body());
            if (shape(call.tool()).readOnly()) {
                assertThat(snapshot())
                        .as("the database after the read-only %s", call)
                        .isEqualTo(before);
            }
            assertStoredAsSent(call, answer);
        }
    }

    @Provide
    Arbitrary<HostileCall> hostileCalls() {
        return Arbitraries.of(tools).flatMap(BadInputSweepIntegrationTests::callsTo);
    }

    private static Arbitrary<HostileCall> callsTo(ToolShape tool) {
        List<String> names = new ArrayList<>(tool.parameters().keySet());
        List<Tuple.Tuple2<Integer, Arbitrary<HostileCall>>> kinds = new ArrayList<>();
        if (!names.isEmpty()) {
            kinds.add(Tuple.of(6, Arbitraries.of(names).flatMap(name -> wrongType(tool, name))));
            kinds.add(Tuple.of(2, Arbitraries.of(names).map(name -> duplicateKey(tool, name))));
        }
        List<List<Object>> stringSlots = slots(tool.validCall(), JsonNode::isString);
        if (!stringSlots.isEmpty()) {
            kinds.add(Tuple.of(
                    10,
                    Arbitraries.of(stringSlots)
                            .flatMap(path -> HostileJson.strings()
                                    .map(value -> replaced(
                                            tool,
                                            "hostile string",
                                            path,
                                            NODES.stringNode(value),
                                            !HostileJson.isStorableText(value))))));
        }
        List<List<Object>> numberSlots = numberSlots(tool);
        if (!numberSlots.isEmpty()) {
            kinds.add(Tuple.of(
                    4,
                    Arbitraries.of(numberSlots)
                            .flatMap(path -> Arbitraries.of(HostileJson.EXTREME_NUMBERS)
                                    .map(number ->
                                            replaced(tool, "extreme number", path, HostileJson.raw(number), false)))));
        }
        List<List<Object>> objectSlots = objectSlots(tool);
        if (!objectSlots.isEmpty()) {
            kinds.add(Tuple.of(
                    4,
                    Arbitraries.of(objectSlots)
                            .flatMap(path -> HostileJson.strings()
                                    .filter(key -> key.length() < 1000)
                                    .map(key -> withKeyInside(tool, path, key, NODES.stringNode("value"))))));
            kinds.add(Tuple.of(
                    2,
                    Arbitraries.of(objectSlots)
                            .flatMap(path -> Arbitraries.of(HostileJson.EXTREME_NUMBERS)
                                    .map(number -> withKeyInside(tool, path, "n", HostileJson.raw(number))))));
        }
        List<List<Object>> nestingSlots = new ArrayList<>(objectSlots);
        nestingSlots.add(List.of());
        kinds.add(Tuple.of(
                3,
                Arbitraries.of(nestingSlots)
                        .flatMap(path -> Arbitraries.frequencyOf(
                                        Tuple.of(4, Arbitraries.integers().between(2, 40)),
                                        Tuple.of(2, Arbitraries.integers().between(100, 600)),
                                        Tuple.of(1, Arbitraries.integers().between(2_000, 20_000)))
                                .map(depth -> deeplyNested(tool, path, depth)))));
        kinds.add(Tuple.of(
                3, HostileJson.strings().filter(key -> key.length() < 1000).map(key -> unknownParameter(tool, key))));
        kinds.add(Tuple.of(
                2,
                Arbitraries.of(HostileJson.NOT_AN_OBJECT)
                        .map(json -> new HostileCall(tool.name(), "not an object", json, utf8(json), true, null))));
        kinds.add(Tuple.of(
                3,
                Arbitraries.of(HostileJson.MALFORMED_BODIES)
                        .map(bytes -> new HostileCall(
                                tool.name(), "malformed", "not JSON or not UTF-8", bytes, true, null))));
        kinds.add(Tuple.of(1, Arbitraries.of(true, false).map(bom -> bom ? byteOrderMark(tool) : oversized(tool))));
        kinds.add(Tuple.of(
                2,
                randomObjects()
                        .map(object -> new HostileCall(
                                tool.name(),
                                "random object",
                                "unknown keys",
                                utf8(HostileJson.write(object)),
                                !object.isEmpty(),
                                object))));
        return Arbitraries.frequencyOf(kinds);
    }

    /** One parameter set to a value of a JSON type its schema does not allow (or null when it is required). */
    private static Arbitrary<HostileCall> wrongType(ToolShape tool, String name) {
        Set<String> allowed = types(tool.parameters().get(name));
        List<JsonNode> wrong = new ArrayList<>();
        Map<String, JsonNode> samples = Map.of(
                "string",
                NODES.stringNode("5"),
                "integer",
                NODES.numberNode(5),
                "number",
                NODES.numberNode(0.5),
                "boolean",
                NODES.booleanNode(true),
                "array",
                NODES.arrayNode().add("x"),
                "object",
                NODES.objectNode().put("a", 1));
        samples.forEach((type, sample) -> {
            boolean allowedType = allowed.contains(type) || (type.equals("integer") && allowed.contains("number"));
            if (!allowed.isEmpty() && !allowedType) {
                wrong.add(sample);
            }
        });
        if (allowed.contains("integer") && !allowed.contains("number")) {
            wrong.add(NODES.numberNode(1.5));
        }
        if (tool.required().contains(name)) {
            wrong.add(NODES.nullNode());
        }
        if (wrong.isEmpty()) {
            return Arbitraries.just(unknownParameter(tool, "not_a_parameter"));
        }
        return Arbitraries.of(wrong).map(value -> replaced(tool, "wrong type", List.of(name), value, true));
    }

    private static HostileCall replaced(
            ToolShape tool, String kind, List<Object> path, JsonNode value, boolean mustBeRejected) {
        ObjectNode call = tool.validCall().deepCopy();
        set(call, path, value);
        String detail = path + " = " + abbreviate(HostileJson.write(value));
        return new HostileCall(tool.name(), kind, detail, utf8(HostileJson.write(call)), mustBeRejected, call);
    }

    private static HostileCall withKeyInside(ToolShape tool, List<Object> path, String key, JsonNode value) {
        ObjectNode call = tool.validCall().deepCopy();
        JsonNode target = get(call, path);
        ObjectNode object = target != null && target.isObject() ? (ObjectNode) target : NODES.objectNode();
        object.set(key, value);
        set(call, path, object);
        return new HostileCall(
                tool.name(),
                value.isString() ? "hostile key" : "extreme number inside",
                path + " " + abbreviate(HostileJson.quote(key)) + ": " + HostileJson.write(value),
                utf8(HostileJson.write(call)),
                !HostileJson.isStorableText(key),
                call);
    }

    /** A value nested {@code depth} levels deep; beyond the parser's limit (1,000) it can only be refused. */
    private static HostileCall deeplyNested(ToolShape tool, List<Object> path, int depth) {
        StringBuilder nested = new StringBuilder();
        boolean arrays = depth % 2 == 0;
        nested.append((arrays ? "[" : "{\"a\":").repeat(depth)).append("1").append((arrays ? "]" : "}").repeat(depth));
        ObjectNode call = tool.validCall().deepCopy();
        String body;
        if (path.isEmpty()) {
            body = "{\"deep\":" + nested + "}";
        } else {
            set(call, path, HostileJson.raw(nested.toString()));
            body = HostileJson.write(call);
        }
        return new HostileCall(
                tool.name(),
                "deep nesting",
                (path.isEmpty() ? "body" : path) + " " + depth + " levels of " + (arrays ? "arrays" : "objects"),
                utf8(body),
                path.isEmpty() || depth > 1_000,
                null);
    }

    private static HostileCall unknownParameter(ToolShape tool, String key) {
        ObjectNode call = tool.validCall().deepCopy();
        boolean known = tool.parameters().containsKey(key);
        call.put(known ? key + "_unknown" : key, "value");
        return new HostileCall(
                tool.name(),
                "unknown parameter",
                abbreviate(HostileJson.quote(key)),
                utf8(HostileJson.write(call)),
                true,
                call);
    }

    /** The same parameter twice: which one counts would be a guess, so the call is refused. */
    private static HostileCall duplicateKey(ToolShape tool, String name) {
        ObjectNode call = tool.validCall().deepCopy();
        JsonNode first = call.has(name) ? call.get(name) : NODES.stringNode("first");
        call.remove(name);
        String rest = HostileJson.write(call);
        String body = "{" + HostileJson.quote(name) + ":" + HostileJson.write(first) + "," + HostileJson.quote(name)
                + ":" + HostileJson.write(first) + (rest.equals("{}") ? "}" : "," + rest.substring(1));
        return new HostileCall(tool.name(), "duplicate key", name, utf8(body), true, null);
    }

    private static HostileCall byteOrderMark(ToolShape tool) {
        String body = "\uFEFF" + HostileJson.write(tool.validCall());
        return new HostileCall(
                tool.name(), "byte order mark", "UTF-8 BOM before a valid call", utf8(body), false, null);
    }

    /** Over {@code athena.gateway.max-body-size} (4 MB): refused with 413 before a tool sees it. */
    private static HostileCall oversized(ToolShape tool) {
        ObjectNode call = tool.validCall().deepCopy();
        call.put("padding", "x".repeat(4 * 1024 * 1024 + 16));
        return new HostileCall(tool.name(), "oversized body", "over 4 MB", utf8(HostileJson.write(call)), true, null);
    }

    private static Arbitrary<ObjectNode> randomObjects() {
        Arbitrary<JsonNode> leaves = Arbitraries.oneOf(
                HostileJson.strings().filter(s -> s.length() < 1000).map(s -> (JsonNode) NODES.stringNode(s)),
                Arbitraries.of(HostileJson.EXTREME_NUMBERS).map(HostileJson::raw),
                Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b)),
                Arbitraries.just(NODES.nullNode()));
        Arbitrary<String> keys =
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map(k -> "x_" + k);
        return Arbitraries.maps(keys, leaves).ofMinSize(0).ofMaxSize(6).map(map -> {
            ObjectNode object = NODES.objectNode();
            map.forEach(object::set);
            return object;
        });
    }

    /** What a 200 stored is exactly what was sent. */
    private static void assertStoredAsSent(HostileCall call, JsonNode answer) {
        if (call.sent() == null) {
            return;
        }
        if (call.tool().equals("remember")
                && answer.has("id")
                && !answer.get("status").asString().equals("duplicate")) {
            Map<String, Object> row = database.queryForMap(
                    "SELECT content, array_to_json(tags)::text AS tags, metadata::text AS metadata "
                            + "FROM memories WHERE id = ?::uuid",
                    answer.get("id").asString());
            assertThat(row.get("content"))
                    .as("stored content of %s", call)
                    .isEqualTo(call.sent().get("content").asString());
            JsonNode sentTags = call.sent().get("tags");
            if (sentTags != null && sentTags.isArray()) {
                Set<String> expected = new LinkedHashSet<>();
                sentTags.forEach(tag -> expected.add(tag.asString().strip()));
                assertThat(JSON.readTree((String) row.get("tags")))
                        .extracting(JsonNode::asString)
                        .as("stored tags of %s", call)
                        .containsExactlyElementsOf(expected);
            }
            JsonNode sentMetadata = sent(call.sent().get("metadata"));
            if (sentMetadata != null && sentMetadata.isObject()) {
                assertThat(JSON.readTree((String) row.get("metadata")).equals(NUMERICALLY, sentMetadata))
                        .as("stored metadata %s of %s", row.get("metadata"), call)
                        .isTrue();
            }
        }
        if (call.tool().equals("record_event") && answer.has("id")) {
            Map<String, Object> row = database.queryForMap(
                    "SELECT content, session_id, context::text AS context FROM episodic_events WHERE id = ?::uuid",
                    answer.get("id").asString());
            assertThat(row.get("content"))
                    .as("stored content of %s", call)
                    .isEqualTo(call.sent().get("content").asString());
            if (call.sent().hasNonNull("session_id")) {
                assertThat(row.get("session_id"))
                        .isEqualTo(call.sent().get("session_id").asString());
            }
            JsonNode sentContext = sent(call.sent().get("context"));
            if (sentContext != null && sentContext.isObject()) {
                JsonNode stored = JSON.readTree((String) row.get("context"));
                sentContext
                        .properties()
                        .forEach(field -> assertThat(stored.get(field.getKey()) != null
                                        && stored.get(field.getKey()).equals(NUMERICALLY, field.getValue()))
                                .as("stored context %s of %s", stored, call)
                                .isTrue());
            }
        }
    }

    /** A part of the call as the server read it: number literals written raw are parsed like any other. */
    private static JsonNode sent(JsonNode part) {
        return part == null ? null : JSON.readTree(HostileJson.write(part));
    }

    private static final Comparator<JsonNode> NUMERICALLY = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return 1;
    };

    // ---- the tools, their parameters and a valid call to start from -----------------------------------------------

    private static List<ToolShape> describe(List<ToolDescription> descriptions) {
        List<ToolShape> shapes = new ArrayList<>();
        for (ToolDescription tool : descriptions) {
            JsonNode schema = tool.inputSchema();
            Map<String, JsonNode> parameters = new java.util.TreeMap<>();
            schema.path("properties").properties().forEach(p -> parameters.put(p.getKey(), p.getValue()));
            Set<String> required = new TreeSet<>();
            schema.path("required").forEach(name -> required.add(name.asString()));
            ObjectNode valid =
                    tool.example() != null ? (ObjectNode) tool.example().deepCopy() : NODES.objectNode();
            if (parameters.containsKey("project")) {
                valid.put("project", PROJECT);
            }
            if (valid.has("memory_id")) {
                valid.put("memory_id", MEMORY_ID);
            }
            if (tool.name().equals("run_consolidation")) {
                valid.put("dry_run", true);
            }
            shapes.add(new ToolShape(tool.name(), valid, parameters, required, tool.readOnly()));
        }
        assertThat(shapes)
                .extracting(ToolShape::name)
                .contains("remember", "recall", "record_event", "compress_prompt");
        assertThat(shapes)
                .filteredOn(ToolShape::readOnly)
                .extracting(ToolShape::name)
                .contains(
                        "recall",
                        "get_memory",
                        "list_memories",
                        "memory_history",
                        "recall_events",
                        "get_timeline",
                        "compress_prompt");
        return shapes;
    }

    private static ToolShape shape(String name) {
        return tools.stream()
                .filter(tool -> tool.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new TreeSet<>();
        JsonNode type = schema.get("type");
        if (type != null && type.isString()) {
            types.add(type.asString());
        } else if (type != null && type.isArray()) {
            type.forEach(t -> types.add(t.asString()));
        }
        types.remove("null");
        return types;
    }

    /** Paths (property names and array indices) to every node of the valid call that {@code matches}. */
    private static List<List<Object>> slots(JsonNode node, java.util.function.Predicate<JsonNode> matches) {
        List<List<Object>> paths = new ArrayList<>();
        collect(node, new ArrayList<>(), matches, paths);
        return paths;
    }

    private static void collect(
            JsonNode node,
            List<Object> path,
            java.util.function.Predicate<JsonNode> matches,
            List<List<Object>> paths) {
        if (!path.isEmpty() && matches.test(node)) {
            paths.add(List.copyOf(path));
        }
        if (node.isObject()) {
            node.properties().forEach(p -> {
                path.add(p.getKey());
                collect(p.getValue(), path, matches, paths);
                path.remove(path.size() - 1);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                collect(node.get(i), path, matches, paths);
                path.remove(path.size() - 1);
            }
        }
    }

    /** Numbers in the valid call, and every top-level number or integer parameter. */
    private static List<List<Object>> numberSlots(ToolShape tool) {
        Set<List<Object>> paths = new LinkedHashSet<>(slots(tool.validCall(), JsonNode::isNumber));
        tool.parameters().forEach((name, schema) -> {
            Set<String> types = types(schema);
            if (types.contains("integer") || types.contains("number")) {
                paths.add(List.of(name));
            }
        });
        return new ArrayList<>(paths);
    }

    /** Objects in the valid call, and every top-level object parameter (metadata, context, ...). */
    private static List<List<Object>> objectSlots(ToolShape tool) {
        Set<List<Object>> paths = new LinkedHashSet<>(slots(tool.validCall(), JsonNode::isObject));
        tool.parameters().forEach((name, schema) -> {
            if (types(schema).contains("object")) {
                paths.add(List.of(name));
            }
        });
        return new ArrayList<>(paths);
    }

    private static JsonNode get(JsonNode node, List<Object> path) {
        JsonNode current = node;
        for (Object step : path) {
            if (current == null) {
                return null;
            }
            current = step instanceof Integer index ? current.get(index) : current.get((String) step);
        }
        return current;
    }

    private static void set(ObjectNode root, List<Object> path, JsonNode value) {
        JsonNode parent = get(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.set((String) last, value);
        } else if (parent instanceof tools.jackson.databind.node.ArrayNode array) {
            array.set((Integer) last, value);
        }
    }

    // ---- the database and the running Athena
    // --------------------------------------------------------------------------

    /** A few memories and events, so that reads have something to find and filters something to match. */
    private static void seed() throws Exception {
        for (String content : List.of(
                "The deploy pipeline runs the integration tests before the canary",
                "Prefer PostgreSQL full-text search over LIKE for recall",
                "The user writes Java 17 with records")) {
            assertThat(post(
                                    "/tools/remember/execute",
                                    utf8("{\"project\":\"sweep\",\"content\":" + HostileJson.quote(content)
                                            + ",\"tags\":[\"seed\"],\"metadata\":{\"source\":\"sweep\"}}"))
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(post("/tools/batch_record_events/execute", utf8("""
                {"project":"sweep","events":[
                  {"event_type":"test_run","content":"CartTest fails: expected 11.90 but was \
                10.00","outcome":"failure","session_id":"s1"},
                  {"event_type":"file_change","content":"CartPricing adds \
                tax","outcome":"success","session_id":"s1"}]}""")).statusCode())
                .isEqualTo(200);
    }

    private static String freshMemoryId() throws Exception {
        HttpResponse<String> remembered = post(
                "/tools/remember/execute",
                utf8("{\"project\":\"sweep\",\"content\":\"A memory to act on, " + System.nanoTime() + "\"}"));
        assertThat(remembered.statusCode()).isEqualTo(200);
        return JSON.readTree(remembered.body()).get("id").asString();
    }

    /**
     * A digest of every row Athena keeps, less what changes in the background: access statistics (recall) and vectors
     * (the embedding backfill). Vectors are only ever written with their row or by the backfill, never by a call.
     */
    private static String snapshot() {
        return database.queryForObject("""
                SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) FROM (
                    SELECT 'm' || (id, project, memory_type, md5(content), content_hash, tags, metadata, importance,
                        confidence,
                                   occurred_at, created_at, updated_at, superseded_by, state)::text AS r FROM memories
                    UNION ALL SELECT 'e' || e::text FROM episodic_events e
                    UNION ALL SELECT 'h' || h::text FROM memory_history h
                    UNION ALL SELECT 'p' || p::text FROM memory_provenance p
                    UNION ALL SELECT 'l' || l::text FROM memory_links l) rows
                """, String.class);
    }

    private static HttpResponse<String> post(String path, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static byte[] utf8(String text) {
        // Lone surrogates never reach here raw: HostileJson writes them as escapes.
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "...(" + text.length() + " chars)" : text;
    }
}
