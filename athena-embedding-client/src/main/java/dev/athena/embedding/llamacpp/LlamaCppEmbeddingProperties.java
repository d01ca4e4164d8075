package dev.athena.embedding.llamacpp;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.resilience.ResilienceProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the llama.cpp embedding adapter, under {@code athena.embedding.llamacpp}; the vector width stays
 * {@code athena.embedding.dimension}. The {@code LLAMACPP_*} environment variables map onto these properties (see
 * {@link LlamaCppEnvironmentPostProcessor}).
 *
 * @param baseUrl where {@code llama-server --embedding} listens ({@code LLAMACPP_EMBEDDINGS_URL})
 * @param apiKey the server's {@code --api-key}, sent as a bearer token; empty for an open server
 *     ({@code LLAMACPP_EMBEDDINGS_API_KEY}, else {@code LLAMACPP_API_KEY})
 * @param model the model name stored next to every vector and sent in requests; also picks the task prefixes when
 *     {@code task-prefixes} is {@code auto}
 * @param api {@code openai} ({@code POST /v1/embeddings}, the default) or {@code native} ({@code POST /embedding}, for
 *     builds without the OpenAI routes)
 * @param encodingFormat {@code float} (JSON numbers) or {@code base64} (little-endian float32, a third of the bytes)
 * @param maxBatchSize most texts sent in one request
 * @param maxConcurrentRequests most requests one embed call keeps in flight
 * @param requestTimeout longest wait for one HTTP answer; a timeout is transient and retried
 * @param statusTimeout longest wait for the health probe behind {@code status()}
 * @param taskPrefixes which task prefixes are put before each text: {@code auto} (nomic prefixes for a nomic-embed
 *     model, none otherwise), {@code nomic}, {@code none} or {@code custom}
 * @param customTaskPrefixes the prefix per purpose when {@code task-prefixes} is {@code custom}; a purpose without an
 *     entry gets none
 * @param oversize what to do with a text the server cannot take in one piece ({@code 500 "too large to process"} or
 *     {@code 400 exceed_context_size_error}): {@code split} it and average the pieces' vectors, {@code truncate} it to
 *     the part that fits, or {@code fail}
 * @param matryoshkaTruncation keep the first {@code athena.embedding.dimension} components of the model's wider vectors
 *     and re-normalise (nomic-embed-text-v1.5 is trained for 768/512/256/128/64)
 * @param dimensionMismatch when the server's model width ({@code meta.n_embd}) disagrees with the configuration:
 *     {@code fail} refuses to start, {@code report} starts and reports DOWN; a mismatch found later, when the server
 *     comes back with another model, is always reported
 * @param startupCheckTimeout how long start-up waits for the server to tell its model width before going on unchecked
 * @param retry retries of transient failures (connection refused, timeout, 5xx); defaults: 3 attempts, backoff from
 *     200ms doubling up to 2s
 * @param loading waiting for a server that answers 503 "Loading model"
 * @param circuitBreaker the circuit breaker {@value LlamaCppEmbeddingClient#CIRCUIT_BREAKER_NAME} around all calls;
 *     defaults: opens at 50% of the last 10 calls failing (judged from 5), stays open 30s, then lets 1 trial call
 *     through
 * @param bulkhead the bound on requests in flight to the server across all embed calls; defaults: 0 (no bound beyond
 *     {@code max-concurrent-requests} per call), waiting up to 10s
 * @param queryCache the in-memory cache of query embeddings
 */
@ConfigurationProperties(LlamaCppEmbeddingProperties.CONFIG_PREFIX)
public record LlamaCppEmbeddingProperties(
        @DefaultValue(DEFAULT_BASE_URL) URI baseUrl,
        @DefaultValue("") String apiKey,
        @DefaultValue(DEFAULT_MODEL) String model,
        @DefaultValue("openai") Api api,
        @DefaultValue("float") EncodingFormat encodingFormat,
        @DefaultValue("" + DEFAULT_MAX_BATCH_SIZE) int maxBatchSize,
        @DefaultValue("" + DEFAULT_MAX_CONCURRENT_REQUESTS) int maxConcurrentRequests,
        @DefaultValue(DEFAULT_REQUEST_TIMEOUT) Duration requestTimeout,
        @DefaultValue(DEFAULT_STATUS_TIMEOUT) Duration statusTimeout,
        @DefaultValue("auto") TaskPrefixes taskPrefixes,
        Map<EmbeddingPurpose, String> customTaskPrefixes,
        @DefaultValue("split") OversizePolicy oversize,
        @DefaultValue("false") boolean matryoshkaTruncation,
        @DefaultValue("fail") DimensionMismatchPolicy dimensionMismatch,
        @DefaultValue(DEFAULT_STARTUP_CHECK_TIMEOUT) Duration startupCheckTimeout,
        @NestedConfigurationProperty ResilienceProperties.@Nullable Retry retry,
        @DefaultValue Loading loading,
        @NestedConfigurationProperty ResilienceProperties.@Nullable CircuitBreaker circuitBreaker,
        @NestedConfigurationProperty ResilienceProperties.@Nullable Bulkhead bulkhead,
        @DefaultValue QueryCache queryCache) {

    public static final String CONFIG_PREFIX = "athena.embedding.llamacpp";
    public static final String DEFAULT_BASE_URL = "http://localhost:8001";
    public static final String DEFAULT_MODEL = "nomic-embed-text-v1.5";
    public static final int DEFAULT_MAX_BATCH_SIZE = 32;
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 4;
    public static final String DEFAULT_REQUEST_TIMEOUT = "10s";
    public static final String DEFAULT_STATUS_TIMEOUT = "1500ms";
    public static final String DEFAULT_STARTUP_CHECK_TIMEOUT = "5s";
    /** The resilience defaults of this adapter; {@code max-retry-after} is unused, the server sends no wait. */
    public static final ResilienceProperties DEFAULT_RESILIENCE = new ResilienceProperties(
            new ResilienceProperties.Retry(3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(2)),
            new ResilienceProperties.CircuitBreaker(50f, 10, 5, Duration.ofSeconds(30), 1),
            new ResilienceProperties.Bulkhead(0, Duration.ofSeconds(10)));

    public LlamaCppEmbeddingProperties {
        customTaskPrefixes = customTaskPrefixes == null ? Map.of() : Map.copyOf(customTaskPrefixes);
        apiKey = apiKey == null ? "" : apiKey.strip();
        requirePositive("max-batch-size", maxBatchSize);
        requirePositive("max-concurrent-requests", maxConcurrentRequests);
        ResilienceProperties resilience = new ResilienceProperties(retry, circuitBreaker, bulkhead)
                .orElse(DEFAULT_RESILIENCE)
                .validate(CONFIG_PREFIX);
        retry = resilience.retry();
        circuitBreaker = resilience.circuitBreaker();
        bulkhead = resilience.bulkhead();
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException(CONFIG_PREFIX + ".model must not be blank");
        }
    }

    /** The retry, circuit breaker and bulkhead settings, every value set. */
    public ResilienceProperties resilience() {
        return new ResilienceProperties(retry, circuitBreaker, bulkhead);
    }

    /** Which llama.cpp route embeds. */
    public enum Api {
        OPENAI,
        NATIVE
    }

    /** How {@code /v1/embeddings} sends the vectors back. */
    public enum EncodingFormat {
        FLOAT,
        BASE64
    }

    /** Which task prefixes go before each text. */
    public enum TaskPrefixes {
        AUTO,
        NOMIC,
        NONE,
        CUSTOM
    }

    /** What happens to a text too long for the server. */
    public enum OversizePolicy {
        SPLIT,
        TRUNCATE,
        FAIL
    }

    /** What a disagreement between the configured and the served vector width does at start-up. */
    public enum DimensionMismatchPolicy {
        FAIL,
        REPORT
    }

    /**
     * Waiting for a server that is still loading its model (503 "Loading model").
     *
     * @param maxWait longest an embed call waits for the model before it fails (transient)
     * @param pollInterval wait between two attempts while loading
     */
    public record Loading(
            @DefaultValue(DEFAULT_MAX_WAIT) Duration maxWait,
            @DefaultValue(DEFAULT_POLL_INTERVAL) Duration pollInterval) {

        public static final String DEFAULT_MAX_WAIT = "30s";
        public static final String DEFAULT_POLL_INTERVAL = "1s";

        public Loading {
            if (pollInterval.isZero() || pollInterval.isNegative()) {
                throw new IllegalArgumentException(CONFIG_PREFIX + ".loading.poll-interval must be positive");
            }
        }

        int maxAttempts() {
            return 1 + (int) Math.max(0, maxWait.toMillis() / pollInterval.toMillis());
        }
    }

    /**
     * The cache of query embeddings, so that repeated recalls of one query embed it once.
     *
     * @param maxEntries most cached queries; 0 turns the cache off
     * @param ttl how long a cached query embedding is used
     */
    public record QueryCache(
            @DefaultValue("" + DEFAULT_MAX_ENTRIES) int maxEntries,
            @DefaultValue(DEFAULT_TTL) Duration ttl) {

        public static final int DEFAULT_MAX_ENTRIES = 1000;
        public static final String DEFAULT_TTL = "1h";
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(CONFIG_PREFIX + "." + name + " must be at least 1, was " + value);
        }
    }
}
