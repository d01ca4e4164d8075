package dev.athena.embedding.llamacpp;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.athena.embedding.EmbeddingPurpose;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Measures what nomic-embed's task prefixes do for recall, against a real llama.cpp server: a small set of memories
 * and, for each, a query that asks for it in other words. Every memory is embedded as a document and every query as a
 * query, once without prefixes and once with them; the table gives recall@1 and the mean reciprocal rank of the right
 * memory. Run with {@code scripts/bench-nomic-prefixes.sh [url] [dimension]}; it needs a running {@code llama-server
 * --embedding} with a nomic-embed model, so no numbers are recorded where none was available.
 */
public final class NomicPrefixBenchmark {

    record Pair(String memory, String query) {}

    /** Retrieval quality of one run: recall@1 and mean reciprocal rank over all queries. */
    record Scores(double recallAt1, double meanReciprocalRank) {}

    static final List<Pair> PAIRS = List.of(
            new Pair("The user prefers Rust for command-line tools", "Which language should I use to write a CLI?"),
            new Pair(
                    "The staging database runs PostgreSQL 16 with pgvector 0.8",
                    "What version of Postgres is on staging?"),
            new Pair("Deployments go out on Tuesdays and Thursdays after 2 pm", "When are we allowed to release?"),
            new Pair("The user's cat is called Miso", "What is the name of my pet?"),
            new Pair("Unit tests must not sleep; use an injected Clock instead", "How should tests deal with time?"),
            new Pair(
                    "The team writes commit messages in the imperative mood",
                    "What style do our commit messages follow?"),
            new Pair("Production logs are kept for 30 days in Loki", "How long do we retain logs?"),
            new Pair("The user is allergic to peanuts", "Is there any food I should avoid?"),
            new Pair("Builds use Maven with the wrapper, never a global mvn", "How do I build the project?"),
            new Pair("The API rate limit is 600 requests per minute per key", "How many calls can a client make?"),
            new Pair("The user works in the Europe/Berlin time zone", "What time zone am I in?"),
            new Pair(
                    "Secrets live in Vault under kv/athena, never in the repository",
                    "Where do we store passwords and tokens?"),
            new Pair(
                    "The mobile app is written in Kotlin with Jetpack Compose",
                    "What is the Android client built with?"),
            new Pair(
                    "Code review needs two approvals for changes to the billing module",
                    "What is required to merge payment code?"),
            new Pair(
                    "The user likes concise answers without bullet points",
                    "How should responses be formatted for me?"),
            new Pair("The on-call rotation changes every Monday at 9 am", "When does the pager hand over?"),
            new Pair("Images are stored in S3 bucket athena-media in eu-central-1", "Where do uploaded pictures go?"),
            new Pair("The search service times out after 800 milliseconds", "What is the latency budget of search?"),
            new Pair("The user is learning Japanese and practises every evening", "Which language am I studying?"),
            new Pair("Feature flags are managed in Unleash", "What tool toggles features?"),
            new Pair(
                    "The CI pipeline fails if test coverage drops below 80 percent",
                    "What coverage does the build enforce?"),
            new Pair("The user's favourite editor is Neovim with a Lua configuration", "Which text editor do I use?"),
            new Pair("Invoices are generated on the first day of each month", "When is billing run?"),
            new Pair("The recommendation model is retrained nightly at 3 am", "How often is the recommender updated?"));

    private NomicPrefixBenchmark() {}

    public static void main(String[] args) {
        String url = args.length > 0
                ? args[0]
                : System.getenv().getOrDefault("LLAMACPP_EMBEDDINGS_URL", "http://localhost:8001");
        int dimension = args.length > 1 ? Integer.parseInt(args[1]) : 768;
        List<String> memories = PAIRS.stream().map(Pair::memory).toList();
        List<String> queries = PAIRS.stream().map(Pair::query).toList();
        System.out.printf(
                Locale.ROOT,
                "nomic-embed task prefixes against %s: %d memories, %d queries%n%n",
                url,
                memories.size(),
                queries.size());
        System.out.println("| task prefixes | recall@1 | mean reciprocal rank |");
        System.out.println("|---|---:|---:|");
        for (String scheme : List.of("none", "nomic")) {
            LlamaCppEmbeddingClient client = client(url, dimension, scheme);
            List<float[]> documents =
                    client.embed(memories, EmbeddingPurpose.DOCUMENT).block();
            List<float[]> asked = client.embed(queries, EmbeddingPurpose.QUERY).block();
            Scores scores = score(documents, asked);
            System.out.printf(
                    Locale.ROOT, "| %s | %.3f | %.3f |%n", scheme, scores.recallAt1(), scores.meanReciprocalRank());
        }
    }

    /** Query i is answered by document i; vectors are unit length, so the dot product is the cosine. */
    static Scores score(List<float[]> documents, List<float[]> queries) {
        int hits = 0;
        double reciprocalRanks = 0;
        for (int q = 0; q < queries.size(); q++) {
            double right = dot(queries.get(q), documents.get(q));
            int rank = 1;
            for (int d = 0; d < documents.size(); d++) {
                if (d != q && dot(queries.get(q), documents.get(d)) > right) {
                    rank++;
                }
            }
            hits += rank == 1 ? 1 : 0;
            reciprocalRanks += 1.0 / rank;
        }
        return new Scores((double) hits / queries.size(), reciprocalRanks / queries.size());
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static LlamaCppEmbeddingClient client(String url, int dimension, String scheme) {
        String prefix = LlamaCppEmbeddingProperties.CONFIG_PREFIX + ".";
        Map<String, String> properties = new HashMap<>();
        properties.put(prefix + "base-url", url);
        properties.put(prefix + "task-prefixes", scheme);
        properties.put(prefix + "query-cache.max-entries", "0");
        LlamaCppEmbeddingProperties bound = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate(LlamaCppEmbeddingProperties.CONFIG_PREFIX, LlamaCppEmbeddingProperties.class);
        return LlamaCppEmbeddingClient.create(
                dimension,
                bound,
                WebClient.builder(),
                new SimpleMeterRegistry(),
                Clock.systemUTC(),
                Ticker.systemTicker());
    }
}
