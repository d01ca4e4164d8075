package dev.athena.embedding.llamacpp;

import java.util.Locale;

/**
 * Why a call to llama.cpp failed, classified once where the answer is read. The kind decides what happens next:
 * retried, waited for, split, or reported at once; it is also the {@code kind} tag of the failure counter.
 */
enum FailureKind {
    /** 503 "Loading model": the server is up but not ready; waited for, and status says LOADING. */
    LOADING(true),
    /** The text does not fit the server's batch or context: permanent for that text, split or truncated. */
    TOO_LARGE(false),
    /** 400 and other 4xx, or a request body the server could not parse: our input, never retried. */
    BAD_REQUEST(false),
    /** 401 / 403: wrong or missing API key. */
    UNAUTHORIZED(false),
    /** 404: the URL does not point at a llama-server route. */
    NOT_FOUND(false),
    /** 501: the server was not started with {@code --embedding}. */
    NOT_SUPPORTED(false),
    /** Any other 5xx. */
    SERVER_ERROR(true),
    /** No answer within the request timeout. */
    TIMEOUT(true),
    /** Connection refused, reset or closed early. */
    CONNECTION(true),
    /** A 2xx answer that is not the JSON the contract describes (malformed, truncated, missing fields). */
    MALFORMED_RESPONSE(false),
    /** A vector of the wrong length, with NaN or infinite components, or of length zero. */
    INVALID_VECTOR(false),
    /** The served model's width disagrees with the configured dimension. */
    DIMENSION_MISMATCH(false),
    /** The circuit breaker is open after repeated transient failures: answered without calling the server. */
    CIRCUIT_OPEN(true),
    /** Every place of the bulkhead stayed taken for its {@code max-wait}: answered without calling the server. */
    BUSY(true);

    private final boolean transientFailure;

    FailureKind(boolean transientFailure) {
        this.transientFailure = transientFailure;
    }

    boolean isTransient() {
        return transientFailure;
    }

    /**
     * Worth an immediate retry with backoff; LOADING is waited for separately, and CIRCUIT_OPEN and BUSY must not
     * hammer.
     */
    boolean isRetriable() {
        return this == SERVER_ERROR || this == TIMEOUT || this == CONNECTION;
    }

    /** Counts against the circuit breaker: signs that the server itself is unwell, not that one input was bad. */
    boolean isServerFault() {
        return isRetriable();
    }

    /** After such a failure the server may come back as another model, so its width must be read again. */
    boolean invalidatesServerModel() {
        return this == LOADING || this == CONNECTION || this == TIMEOUT || this == INVALID_VECTOR;
    }

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
