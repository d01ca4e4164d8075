package dev.athena.embedding.llamacpp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads llama.cpp's error answers, {@code {"error":{"code":..,"message":..,"type":..}}}, and classifies them once,
 * following the wire contract: which statuses are worth retrying and what the user should be told.
 */
final class ErrorAnswers {

    private static final int MAX_QUOTED_CHARS = 300;
    // "input (8204 tokens) is too large to process. increase the physical batch size (current batch size: 512)"
    private static final Pattern TOO_LARGE_TOKENS = Pattern.compile("\\((\\d{1,9}) tokens\\)");
    private static final Pattern CURRENT_BATCH_SIZE = Pattern.compile("current batch size: (\\d{1,9})");

    private final JsonMapper json;

    ErrorAnswers(JsonMapper json) {
        this.json = json;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope(@JsonProperty("error") Error error) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(
            @JsonProperty("code") Integer code,
            @JsonProperty("message") String message,
            @JsonProperty("type") String type,
            @JsonProperty("n_prompt_tokens") Integer promptTokens,
            @JsonProperty("n_ctx") Integer contextSize) {}

    LlamaCppEmbeddingException classify(int status, byte[] body, String route) {
        Error error = read(body);
        String message = error.message() == null ? "" : error.message();
        String type = error.type() == null ? "" : error.type();
        String quoted = "(" + status + (type.isEmpty() ? "" : " " + type) + ": " + quote(message) + ")";
        String lower = message.toLowerCase(Locale.ROOT);

        if (status == 503 && lower.contains("loading")) {
            return new LlamaCppEmbeddingException(
                    FailureKind.LOADING, "llama.cpp is still loading its model " + quoted);
        }
        if (status == 500 && lower.contains("too large to process")) {
            return new LlamaCppEmbeddingException(
                    FailureKind.TOO_LARGE,
                    "the text is too large for the llama.cpp server's physical batch " + quoted,
                    find(TOO_LARGE_TOKENS, message),
                    find(CURRENT_BATCH_SIZE, message),
                    null);
        }
        if (status == 400 && "exceed_context_size_error".equals(type)) {
            return new LlamaCppEmbeddingException(
                    FailureKind.TOO_LARGE,
                    "the text is longer than the llama.cpp server's context " + quoted,
                    optional(error.promptTokens()),
                    optional(error.contextSize()),
                    null);
        }
        if (status == 500 && (lower.contains("json.exception") || lower.contains("parse_error"))) {
            return new LlamaCppEmbeddingException(
                    FailureKind.BAD_REQUEST,
                    "llama.cpp could not parse the request Athena sent to " + route + "; this is a bug in Athena, "
                            + "not retried " + quoted);
        }
        if (status == 401 || status == 403) {
            return new LlamaCppEmbeddingException(
                    FailureKind.UNAUTHORIZED,
                    "llama.cpp refused the API key " + quoted + ": set athena.embedding.llamacpp.api-key "
                            + "(LLAMACPP_EMBEDDINGS_API_KEY or LLAMACPP_API_KEY) to the server's --api-key");
        }
        if (status == 404) {
            return new LlamaCppEmbeddingException(
                    FailureKind.NOT_FOUND,
                    "the server has no route " + route + " " + quoted + ": does athena.embedding.llamacpp.base-url "
                            + "(LLAMACPP_EMBEDDINGS_URL) point at a llama-server?");
        }
        if (status == 501) {
            return new LlamaCppEmbeddingException(
                    FailureKind.NOT_SUPPORTED,
                    "the llama.cpp server does not serve embeddings " + quoted
                            + ": start llama-server with --embedding");
        }
        if (status >= 500) {
            return new LlamaCppEmbeddingException(
                    FailureKind.SERVER_ERROR, "llama.cpp failed on " + route + " " + quoted);
        }
        return new LlamaCppEmbeddingException(
                FailureKind.BAD_REQUEST, "llama.cpp rejected the input sent to " + route + " " + quoted);
    }

    private Error read(byte[] body) {
        try {
            Envelope envelope = json.readValue(body, Envelope.class);
            if (envelope != null && envelope.error() != null) {
                return envelope.error();
            }
        } catch (JacksonException notTheEnvelope) {
            // Proxies and old builds answer plain text; quote it as it is.
        }
        return new Error(null, new String(body, StandardCharsets.UTF_8).strip(), null, null, null);
    }

    private static String quote(String message) {
        String oneLine = message.replaceAll("\\s+", " ").strip();
        if (oneLine.isEmpty()) {
            return "no message";
        }
        return oneLine.length() <= MAX_QUOTED_CHARS
                ? "\"" + oneLine + "\""
                : "\"" + oneLine.substring(0, MAX_QUOTED_CHARS) + "...\"";
    }

    private static OptionalInt find(Pattern pattern, String message) {
        Matcher matcher = pattern.matcher(message);
        return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
