package dev.athena.bench;

import java.util.List;

/**
 * The words and templates the corpus is drawn from: agent and developer memories (preferences, decisions, incidents,
 * configuration, code review, meetings, personal facts). Changing any of them changes every generated corpus, so the
 * numbers in docs/benchmarks.md would no longer be comparable; {@code CorpusTests} pins a few generated texts.
 */
final class Vocabulary {

    /** A memory template: its type and first tag, its text, and two ways to ask for it (a question, keywords). */
    record Template(String type, String tag, String text, List<String> questions) {}

    static final String[] PEOPLE = words("""
            Alice Bob Carol Dmitri Elena Farid Grace Hiro Ines Jonas Kemal Lena Mateo Nadia Oskar Priya Quentin Rosa
            Sanjay Tomas Ulla Vikram Wanda Xavier Yuki Zofia Amara Bruno Chen Dalia Emil Fatima Gustav Hana Igor
            Julia Kwame Lucia Marek Noor Olga Pablo Rania Stefan Tariq Uma Viktor Wei Yara Zane Aiko Benedikt
            Camille Diego Esther Felix Giulia Hassan Irene Jamal Katya Leon Mina Nils Omar Paula Rafael Sofia Theo""");
    static final String[] SERVICE_PARTS = words("""
            billing auth search ledger inventory checkout notification profile media report gateway scheduler ingest
            export pricing catalog shipping fraud session analytics""");
    static final String[] SERVICE_KINDS = words("api service worker svc job");
    static final String[] TECH = words("""
            PostgreSQL Redis Kafka RabbitMQ Elasticsearch nginx Envoy gRPC ClickHouse MongoDB Cassandra MySQL
            Memcached NATS Pulsar Flink Spark Airflow Vault Consul etcd ZooKeeper MinIO Prometheus""");
    static final String[] LANGUAGES = words("""
            Rust Go Kotlin Java Python TypeScript Elixir Scala Zig C# Swift Ruby Haskell OCaml""");
    static final String[] LIBRARIES = words("""
            jackson hibernate tokio serde axum django fastapi lodash react vite pytest junit mockito netty okhttp
            reqwest sqlx alembic celery pydantic zod prisma knex gson guava resilience4j micrometer""");
    static final String[] REGIONS = words("""
            eu-west-1 us-east-1 us-west-2 eu-central-1 ap-southeast-2 ap-northeast-1 sa-east-1 ca-central-1""");
    static final String[] ENVIRONMENTS = words("staging production canary dev qa sandbox preview");
    static final String[] DAYS = words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday");
    static final String[] MONTHS = words("""
            January February March April May June July August September October November December""");
    static final String[] FEATURES = words("""
            rate-limiting dark-mode feature-flags blue-green-deploys schema-migrations single-sign-on audit-logging
            bulk-export webhooks search-suggestions two-factor-auth invoice-pdfs usage-metering data-retention
            offline-sync push-notifications multi-currency csv-import role-based-access canary-releases""");
    static final String[] CLASS_PARTS = words("""
            Order Invoice User Session Token Cache Retry Payment Account Report Ledger Webhook Quota Tenant""");
    static final String[] CLASS_KINDS = words("""
            Service Repository Controller Handler Client Mapper Validator Scheduler Factory Listener""");
    static final String[] EXCEPTIONS = words("""
            IOException TimeoutException NullPointerException IllegalStateException SQLException
            ConcurrentModificationException DataIntegrityViolationException SocketTimeoutException""");
    static final String[] TOOLS = words("Maven Gradle npm pnpm cargo poetry Bazel sbt");
    static final String[] TEAMS = words("platform payments growth data mobile security infra search");
    static final String[] CITIES = words("""
            Berlin Lisbon Toronto Nairobi Osaka Warsaw Austin Bangalore Melbourne Oslo Lyon Seoul Lagos Dublin""");
    static final String[] FOODS = words("""
            ramen falafel sushi pierogi tacos dumplings risotto pho shakshuka curry paella""");
    static final String[] ALLERGENS = words("peanuts shellfish gluten lactose sesame soy");
    static final String[] CUSTOMERS = words("""
            Acme Globex Initech Umbrella Hooli Vandelay Wonka Stark Wayne Tyrell Cyberdyne Soylent Gringotts Oscorp""");
    static final String[] PLANS = words("free starter team business enterprise");
    static final String[] PROTOCOLS = words("gRPC REST GraphQL AMQP WebSockets");
    static final String[] STORAGE = words("S3 Glacier GCS Azure-Blob MinIO");
    static final String[] PAYMENT = words("card bank-transfer SEPA PayPal invoice");
    static final String[] HOBBIES = words("""
            bouldering chess sailing pottery running cycling baking photography birding""");
    static final String[] TIMEZONES = words("UTC CET EST PST IST JST AEST BRT");
    static final String[] KEYS = words("ATH OPS WEB PAY DATA SEC MOB");

    static final List<Template> TEMPLATES = List.of(
            template(
                    "fact",
                    "preferences",
                    "{P} prefers {LANG} for new services and wants {LIB} kept out of the {SVC} codebase.",
                    "Which language does {P} prefer for new services?",
                    "{P} {LANG} {LIB}"),
            template(
                    "decision",
                    "architecture",
                    "Decided on {DAY}: {SVC} moves from {TECH} to {TECH2} before the {MONTH} release; {P} owns the "
                            + "migration.",
                    "What is {SVC} moving to before the {MONTH} release?",
                    "{SVC} {TECH2} migration"),
            template(
                    "fact",
                    "config",
                    "{SVC} listens on port {PORT} in {ENV} and exposes its health check at /{FEATURE}/health.",
                    "Which port does {SVC} use in {ENV}?",
                    "{SVC} port {PORT}"),
            template(
                    "context",
                    "incident",
                    "Incident {INC} in {REGION}: {SVC} answered 503 for {N} minutes after {TECH} ran out of "
                            + "connections; the pool had only {N2} slots.",
                    "What caused the 503 errors of {SVC} in {REGION}?",
                    "{INC} {TECH} connections"),
            template(
                    "fact",
                    "limits",
                    "The rate limit of {SVC} is {N3} requests per minute per API key, raised from {N2} after {P} asked "
                            + "for it in {JIRA}.",
                    "How many requests per minute does {SVC} allow?",
                    "{JIRA} rate limit {SVC}"),
            template(
                    "decision",
                    "dependencies",
                    "We pin {LIB} to {VER} in {SVC} because {VER2} broke {FEATURE} (see {PR}).",
                    "Why is {LIB} pinned in {SVC}?",
                    "{LIB} {VER} {PR}"),
            template(
                    "pattern",
                    "deploys",
                    "When {SVC} deploys fail in {ENV}, it is usually the {TECH} migration lock; retrying after {N} "
                            + "seconds works.",
                    "What usually breaks {SVC} deployments in {ENV}?",
                    "{SVC} deploy {TECH} lock"),
            template(
                    "fact",
                    "people",
                    "{P} is in {TZ} and on call for {SVC} every {DAY}; escalate to {P2} after {N} minutes.",
                    "Who is on call for {SVC} on {DAY}?",
                    "{P} on call {SVC}"),
            template(
                    "context",
                    "code-review",
                    "Review of {PR} by {P}: {CLASS} in {FILE} swallows {EXC}; asked to rethrow it and add a test.",
                    "What did {P} find in the review of {PR}?",
                    "{CLASS} {EXC} {PR}"),
            template(
                    "fact",
                    "ci",
                    "The {SVC} build takes {N} minutes on CI; caching the {TOOL} repository cut it down from {N4}.",
                    "How long does the {SVC} build take on CI?",
                    "{SVC} build {TOOL} cache"),
            template(
                    "decision",
                    "feature-flags",
                    "Feature flag {FLAG} for {FEATURE} stays off in {ENV} until {P} signs off on {JIRA}.",
                    "When will {FEATURE} be enabled in {ENV}?",
                    "{FLAG} {JIRA}"),
            template(
                    "fact",
                    "infrastructure",
                    "The {TECH} cluster behind {SVC} in {REGION} has {N5} nodes with {N6} GB of memory each.",
                    "How big is the {TECH} cluster of {SVC}?",
                    "{TECH} {SVC} {REGION} nodes"),
            template(
                    "context",
                    "testing",
                    "Test {TEST} has been flaky on CI in about {PCT}% of runs since commit {SHA}; {P} suspects a "
                            + "race in {CLASS}.",
                    "Why is {TEST} flaky?",
                    "{TEST} {SHA} flaky"),
            template(
                    "pattern",
                    "communication",
                    "{P} wants a short summary first and the details after, in at most {N3} words, and no meetings on "
                            + "{DAY}.",
                    "How does {P} like answers to be written?",
                    "{P} summary words"),
            template(
                    "fact",
                    "customers",
                    "{CUSTOMER} on the {PLAN} plan reported that {FEATURE} times out after {N} seconds in {REGION}.",
                    "Which problem did {CUSTOMER} report?",
                    "{CUSTOMER} {FEATURE} timeout"),
            template(
                    "decision",
                    "retention",
                    "Logs of {SVC} are kept {N3} days in {ENV}, then moved to {STORAGE}; agreed with {P} on {DATE}.",
                    "How long are the logs of {SVC} kept?",
                    "{SVC} log retention {STORAGE}"),
            template(
                    "fact",
                    "config",
                    "The environment variable {ENVVAR} switches {FEATURE} in {SVC}; its default is {N2}.",
                    "Which environment variable controls {FEATURE} in {SVC}?",
                    "{ENVVAR} {SVC}"),
            template(
                    "context",
                    "standup",
                    "Standup {DATE}: {P} is blocked on {JIRA} waiting for {P2}; {P3} finished the {TECH} upgrade to "
                            + "{VER}.",
                    "What is {P} blocked on?",
                    "{JIRA} blocked {P2}"),
            template(
                    "fact",
                    "architecture",
                    "{SVC} calls {SVC2} over {PROTO} with a timeout of {N3} ms and {N5} retries.",
                    "What timeout does {SVC} use when calling {SVC2}?",
                    "{SVC} {SVC2} {PROTO} timeout"),
            template(
                    "pattern",
                    "troubleshooting",
                    "The error '{EXC}: connection reset by peer' in {SVC} means the {TECH} credentials expired; rotate "
                            + "them with the {TOOL} task.",
                    "What does a connection reset in {SVC} mean?",
                    "{SVC} {EXC} credentials"),
            template(
                    "decision",
                    "roadmap",
                    "{SVC2} will be split out of {SVC} in Q{Q}; {P} writes the design doc, review due {DATE}.",
                    "When will {SVC2} be split out of {SVC}?",
                    "{SVC2} split design doc"),
            template(
                    "fact",
                    "personal",
                    "{P} loves {FOOD}, is allergic to {ALLERGEN} and spends weekends {HOBBY}.",
                    "What is {P} allergic to?",
                    "{P} {ALLERGEN} {FOOD}"),
            template(
                    "context",
                    "meeting",
                    "Meeting with {P} and {P2} about {FEATURE}: ship it behind {FLAG} by {DATE}, with a budget of {N} "
                            + "engineer-days.",
                    "What was agreed about {FEATURE}?",
                    "{FEATURE} {FLAG} budget"),
            template(
                    "fact",
                    "database",
                    "The {SVC} database runs {TECH} {VER} with {N3} GB of data; its largest table {TABLE} has {N4} "
                            + "million rows.",
                    "How large is the {SVC} database?",
                    "{TABLE} {SVC} rows"),
            template(
                    "fact",
                    "alerting",
                    "Alert {ALERT} fires when the p99 latency of {SVC} stays above {N3} ms for {N} minutes and "
                            + "pages the {TEAM} team.",
                    "When does the latency alert of {SVC} fire?",
                    "{ALERT} {SVC} p99"),
            template(
                    "decision",
                    "dependencies",
                    "Use {LIB} instead of {LIB2} for {FEATURE} in {SVC}: it is smaller and {P} already maintains it.",
                    "Which library do we use for {FEATURE} in {SVC}?",
                    "{LIB} {LIB2} {FEATURE}"),
            template(
                    "context",
                    "debugging",
                    "Debugging {INC}: {SVC} leaks about {N3} MB per hour; the heap dump shows {CLASS} holding {N4} "
                            + "thousand entries.",
                    "Why does {SVC} leak memory?",
                    "{INC} {CLASS} heap"),
            template(
                    "fact",
                    "people",
                    "{P} works from {CITY}, prefers meetings before {TIME} and reviews pull requests on {DAY} "
                            + "mornings.",
                    "Where does {P} work from?",
                    "{P} {CITY} meetings"),
            template(
                    "pattern",
                    "release",
                    "Before merging to main the {TEAM} team runs {TOOL} verify and the {TEST} suite; a red build stops "
                            + "the {DAY} release train.",
                    "What does the {TEAM} team run before merging?",
                    "{TEAM} {TOOL} {TEST}"),
            template(
                    "fact",
                    "billing",
                    "Invoice {INVOICE} for {CUSTOMER} came to {N3} EUR and was paid on {DATE} by {PAYMENT}.",
                    "How much was invoice {INVOICE}?",
                    "{INVOICE} {CUSTOMER} EUR"));
    /** Appended to a template's text, so that memories of one template differ in length and detail. */
    static final String[] SUFFIXES = {
        "",
        "",
        "",
        " {P2} confirmed it on {DATE}.",
        " Tracked in {JIRA}.",
        " Follow-up owner: {P3}.",
        " Noted during the {MONTH} retro.",
        " Same in {REGION}.",
        " See the runbook of the {TEAM} team.",
        " Raised again by {P2} in the {DAY} sync."
    };

    private Vocabulary() {}

    private static Template template(String type, String tag, String text, String question, String keywords) {
        return new Template(type, tag, text, List.of(question, keywords));
    }

    static String[] words(String list) {
        return list.strip().split("\\s+");
    }
}
