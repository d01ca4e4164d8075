package dev.athena.embedding.llamacpp;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingModelInfo;
import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.embedding.EmbeddingStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Embeds through a llama.cpp {@code llama-server --embedding}: texts get the model's task prefix for their purpose, go
 * out in batches over several concurrent requests, and come back checked (count, index, width, finite values),
 * truncated to the configured width if asked, and L2-normalised. Texts too long for the server are split or truncated,
 * never re-sent as they were. The served model's width ({@code meta.n_embd}) is read before the first embedding and
 * again whenever the server comes back after a failure.
 */
public final class LlamaCppEmbeddingClient implements EmbeddingClient {

    /** The name of the circuit breaker and of the transient-retry instance, and their metrics tag. */
    public static final String CIRCUIT_BREAKER_NAME = "llamacpp-embedding";

    private static final Logger log = LoggerFactory.getLogger(LlamaCppEmbeddingClient.class);
    /** Bounds the splitting of an oversized text: each round cuts every piece still too large again. */
    private static final int MAX_OVERSIZE_ROUNDS = 4;

    private static final int MAX_PIECES_PER_ROUND = 64;
    /** Pieces are cut a little shorter than the server's limit says, for the prefix and uneven tokenisation. */
    private static final double PIECE_HEADROOM = 0.9;

    private final EmbeddingModelInfo modelInfo;
    private final LlamaCppEmbeddingProperties properties;
    private final LlamaCppEmbeddingApi api;
    private final EmbeddingResilience resilience;
    private final PurposePrefixes prefixes;
    private final QueryEmbeddingCache queryCache;
    private final EmbeddingMetrics metrics;
    private final AtomicReference<ServerModel> checkedModel = new AtomicReference<>();
    private volatile String lastServedModelId;

    private LlamaCppEmbeddingClient(
            int dimension,
            LlamaCppEmbeddingProperties properties,
            LlamaCppEmbeddingApi api,
            EmbeddingResilience resilience,
            QueryEmbeddingCache queryCache,
            EmbeddingMetrics metrics) {
        this.modelInfo = new EmbeddingModelInfo(properties.model(), dimension);
        this.properties = properties;
        this.api = api;
        this.resilience = resilience;
        this.prefixes =
                PurposePrefixes.of(properties.taskPrefixes(), properties.model(), properties.customTaskPrefixes());
        this.queryCache = queryCache;
        this.metrics = metrics;
    }

    /**
     * Wires the client and its collaborators.
     *
     * @param dimension the configured vector width, {@code athena.embedding.dimension}
     * @param builder the Boot-managed builder; it is cloned, not changed
     * @param clock drives the circuit breaker's open-state wait
     * @param ticker drives the query cache's expiry
     */
    static LlamaCppEmbeddingClient create(
            int dimension,
            LlamaCppEmbeddingProperties properties,
            WebClient.Builder builder,
            MeterRegistry registry,
            Clock clock,
            Ticker ticker) {
        EmbeddingMetrics metrics = new EmbeddingMetrics(registry);
        LlamaCppEmbeddingClient client = new LlamaCppEmbeddingClient(
                dimension,
                properties,
                new LlamaCppEmbeddingApi(builder, properties, metrics),
                new EmbeddingResilience(properties, clock, metrics),
                new QueryEmbeddingCache(properties.queryCache(), ticker, metrics),
                metrics);
        log.info(
                "llama.cpp embedding client for {} at {}: {}-d, task prefixes {}, batches of up to {} texts",
                properties.model(),
                properties.baseUrl(),
                dimension,
                client.prefixes,
                properties.maxBatchSize());
        return client;
    }

    @Override
    public EmbeddingModelInfo model() {
        return modelInfo;
    }

    @Override
    public Mono<List<float[]>> embed(List<String> texts, EmbeddingPurpose purpose) {
        Objects.requireNonNull(texts, "texts");
        Objects.requireNonNull(purpose, "purpose");
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new IllegalArgumentException("text " + i + " of " + texts.size() + " is null");
            }
        }
        if (texts.isEmpty()) {
            return Mono.just(List.of());
        }
        if (purpose == EmbeddingPurpose.QUERY && queryCache.isEnabled()) {
            return embedQueries(texts);
        }
        return embedUncached(texts, purpose);
    }

    @Override
    public Mono<EmbeddingStatus> status() {
        return api.health(properties.statusTimeout())
                .then(Mono.defer(this::modelForStatus))
                .map(server -> circuitIsOpen()
                        ? EmbeddingStatus.down(
                                "llama.cpp answers its health check, but the circuit breaker '" + CIRCUIT_BREAKER_NAME
                                        + "' is open after repeated failures; it lets a trial call through later")
                        : EmbeddingStatus.up())
                .timeout(properties.statusTimeout())
                .doOnError(this::forgetServerModelAfter)
                .onErrorResume(error -> Mono.just(statusOf(error)));
    }

    /** Reads and checks the served model now, through the retries; fails with DIMENSION_MISMATCH when it disagrees. */
    Mono<ServerModel> checkServerModel() {
        return resilience.protect(api.models()).map(this::verify).doOnError(this::forgetServerModelAfter);
    }

    LlamaCppEmbeddingProperties properties() {
        return properties;
    }

    private Mono<List<float[]>> embedQueries(List<String> texts) {
        float[][] results = new float[texts.size()][];
        Map<String, List<Integer>> missing = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            results[i] = queryCache.get(texts.get(i));
            if (results[i] == null) {
                missing.computeIfAbsent(texts.get(i), text -> new ArrayList<>()).add(i);
            }
        }
        if (missing.isEmpty()) {
            return Mono.just(List.of(results));
        }
        List<String> toEmbed = List.copyOf(missing.keySet());
        return embedUncached(toEmbed, EmbeddingPurpose.QUERY).map(vectors -> {
            for (int j = 0; j < toEmbed.size(); j++) {
                queryCache.put(toEmbed.get(j), vectors.get(j));
                for (int index : missing.get(toEmbed.get(j))) {
                    results[index] = vectors.get(j).clone();
                }
            }
            return List.of(results);
        });
    }

    private Mono<List<float[]>> embedUncached(List<String> texts, EmbeddingPurpose purpose) {
        return servedModel()
                .flatMap(server -> Flux.fromIterable(batches(texts))
                        .flatMapSequential(
                                batch -> embedBatch(batch, purpose, server, 0), properties.maxConcurrentRequests())
                        .concatMapIterable(vectors -> vectors)
                        .collectList());
    }

    private List<List<String>> batches(List<String> texts) {
        int size = properties.maxBatchSize();
        List<List<String>> batches = new ArrayList<>((texts.size() + size - 1) / size);
        for (int from = 0; from < texts.size(); from += size) {
            batches.add(texts.subList(from, Math.min(texts.size(), from + size)));
        }
        return batches;
    }

    private Mono<List<float[]>> embedBatch(
            List<String> texts, EmbeddingPurpose purpose, ServerModel server, int round) {
        return resilience
                .protect(api.embed(prefixes.apply(purpose, texts)))
                .map(vectors -> finish(vectors, server))
                .doOnError(this::forgetServerModelAfter)
                .onErrorResume(
                        error -> LlamaCppEmbeddingException.is(error, FailureKind.TOO_LARGE),
                        error -> texts.size() > 1
                                ? embedOneByOne(texts, purpose, server, round)
                                : embedOversized(
                                        texts.get(0), purpose, server, round, (LlamaCppEmbeddingException) error));
    }

    /** The server does not say which input of a batch was too large: find out by sending them alone. */
    private Mono<List<float[]>> embedOneByOne(
            List<String> texts, EmbeddingPurpose purpose, ServerModel server, int round) {
        return Flux.fromIterable(texts)
                .flatMapSequential(
                        text -> embedBatch(List.of(text), purpose, server, round), properties.maxConcurrentRequests())
                .map(vectors -> vectors.get(0))
                .collectList();
    }

    private Mono<List<float[]>> embedOversized(
            String text, EmbeddingPurpose purpose, ServerModel server, int round, LlamaCppEmbeddingException tooLarge) {
        LlamaCppEmbeddingProperties.OversizePolicy policy = properties.oversize();
        if (policy == LlamaCppEmbeddingProperties.OversizePolicy.FAIL) {
            return Mono.error(new LlamaCppEmbeddingException(
                    FailureKind.TOO_LARGE,
                    "a text of " + text.length()
                            + " characters is too large for llama.cpp and athena.embedding.llamacpp.oversize is fail: "
                            + tooLarge.getMessage(),
                    tooLarge));
        }
        if (round >= MAX_OVERSIZE_ROUNDS || text.length() < 2) {
            return Mono.error(new LlamaCppEmbeddingException(
                    FailureKind.TOO_LARGE,
                    "a text of " + text.length()
                            + " characters is still too large for llama.cpp after " + round + " rounds of cutting: "
                            + tooLarge.getMessage(),
                    tooLarge));
        }
        int pieces = piecesNeeded(tooLarge);
        if (policy == LlamaCppEmbeddingProperties.OversizePolicy.TRUNCATE) {
            String head = TextPieces.head(text, text.length() / pieces);
            log.debug("truncating a {}-character text to {} characters for llama.cpp", text.length(), head.length());
            return embedBatch(List.of(head), purpose, server, round + 1);
        }
        List<String> parts = TextPieces.split(text, pieces);
        log.debug("splitting a {}-character text into {} pieces for llama.cpp", text.length(), parts.size());
        List<Integer> weights = parts.stream().map(String::length).toList();
        return embedBatch(parts, purpose, server, round + 1)
                .map(vectors -> List.of(Vectors.weightedMean(vectors, weights)));
    }

    private static int piecesNeeded(LlamaCppEmbeddingException tooLarge) {
        if (tooLarge.promptTokens().isPresent()
                && tooLarge.tokenLimit().isPresent()
                && tooLarge.tokenLimit().getAsInt() > 0) {
            double fitting = tooLarge.tokenLimit().getAsInt() * PIECE_HEADROOM;
            int pieces = (int) Math.ceil(tooLarge.promptTokens().getAsInt() / fitting);
            return Math.max(2, Math.min(MAX_PIECES_PER_ROUND, pieces));
        }
        return 2;
    }

    /** Checks each raw vector against the served width, truncates it to the configured one if asked, normalises it. */
    private List<float[]> finish(List<float[]> vectors, ServerModel server) {
        int dimension = modelInfo.dimension();
        List<float[]> finished = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            float[] vector = vectors.get(i);
            checkWidth(vector.length, i, server);
            finished.add(vector.length > dimension ? Vectors.truncate(vector, dimension) : Vectors.normalize(vector));
        }
        return finished;
    }

    private void checkWidth(int width, int index, ServerModel server) {
        int dimension = modelInfo.dimension();
        if (server.width().isPresent() && width != server.width().getAsInt()) {
            throw new LlamaCppEmbeddingException(
                    FailureKind.INVALID_VECTOR,
                    "llama.cpp sent a " + width
                            + "-d vector (input " + index + ") but its model " + server.id() + " reports "
                            + server.width().getAsInt()
                            + " (meta.n_embd)");
        }
        boolean fits = properties.matryoshkaTruncation() ? width >= dimension : width == dimension;
        if (!fits) {
            throw new LlamaCppEmbeddingException(
                    FailureKind.INVALID_VECTOR,
                    "llama.cpp sent a " + width + "-d vector (input " + index + ") but athena.embedding.dimension is "
                            + dimension);
        }
    }

    private Mono<ServerModel> servedModel() {
        ServerModel known = checkedModel.get();
        return known != null ? Mono.just(known) : checkServerModel();
    }

    private Mono<ServerModel> modelForStatus() {
        ServerModel known = checkedModel.get();
        return known != null ? Mono.just(known) : api.models().map(this::verify);
    }

    private ServerModel verify(ServerModel server) {
        int dimension = modelInfo.dimension();
        if (server.width().isPresent()) {
            int served = server.width().getAsInt();
            boolean fits = properties.matryoshkaTruncation() ? served >= dimension : served == dimension;
            if (!fits) {
                throw new LlamaCppEmbeddingException(
                        FailureKind.DIMENSION_MISMATCH, mismatch(server, served, dimension));
            }
        } else {
            log.warn(
                    "llama.cpp at {} does not report its model width (meta.n_embd); every vector is checked instead",
                    api.baseUrl());
        }
        String previous = lastServedModelId;
        if (previous != null && !previous.equals(server.id())) {
            log.info(
                    "llama.cpp now serves {} instead of {}: cached query embeddings are dropped",
                    server.id(),
                    previous);
            queryCache.invalidateAll();
        }
        lastServedModelId = server.id();
        checkedModel.set(server);
        return server;
    }

    private String mismatch(ServerModel server, int served, int dimension) {
        String message = "embedding dimension mismatch: athena.embedding.dimension is " + dimension
                + " but the llama.cpp model " + server.id() + " at " + api.baseUrl() + " produces " + served
                + "-d vectors (meta.n_embd). Set athena.embedding.dimension (LLAMACPP_EMBEDDING_DIM) to " + served;
        if (served > dimension && !properties.matryoshkaTruncation()) {
            message += ", or set athena.embedding.llamacpp.matryoshka-truncation=true to keep the first " + dimension
                    + " components of each vector";
        }
        return message + ".";
    }

    private void forgetServerModelAfter(Throwable error) {
        if (error instanceof TimeoutException
                || error instanceof LlamaCppEmbeddingException e && e.kind().invalidatesServerModel()) {
            checkedModel.set(null);
        }
    }

    private boolean circuitIsOpen() {
        CircuitBreaker.State state = resilience.circuitState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    private EmbeddingStatus statusOf(Throwable error) {
        if (LlamaCppEmbeddingException.is(error, FailureKind.LOADING)) {
            return EmbeddingStatus.loading(error.getMessage());
        }
        if (error instanceof TimeoutException) {
            return EmbeddingStatus.down("llama.cpp at " + api.baseUrl() + " did not answer within "
                    + properties.statusTimeout().toMillis() + " ms");
        }
        return EmbeddingStatus.down(error.getMessage() == null ? error.toString() : error.getMessage());
    }

    @Override
    public String toString() {
        return "LlamaCppEmbeddingClient[" + modelInfo.name() + ", " + modelInfo.dimension() + "-d, " + api.baseUrl()
                + "]";
    }
}
