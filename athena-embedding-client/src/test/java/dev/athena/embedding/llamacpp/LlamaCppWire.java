package dev.athena.embedding.llamacpp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;

/**
 * Bodies exactly as llama.cpp's {@code llama-server} writes them (shared/reference/llamacpp-wire-contract.md), for
 * WireMock stubs.
 */
final class LlamaCppWire {

    static final String SERVED_MODEL_ID = "nomic-embed-text-v1.5.Q4_K_M.gguf";
    static final String LOADING_MODEL =
            "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}";
    static final String HEALTH_OK = "{\"status\":\"ok\"}";
    static final String TOO_LARGE_1000_TOKENS =
            "{\"error\":{\"code\":500,\"message\":\"input (1000 tokens) is too large to "
                    + "process. increase the physical batch size (current batch size: "
                    + "512)\",\"type\":\"server_error\"}}";
    static final String EXCEEDS_CONTEXT =
            "{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context "
                    + "size, try increasing "
                    + "it\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":9000,\"n_ctx\":8192}}";
    static final String EMPTY_INPUT = "{\"error\":{\"code\":400,\"message\":\"Input content cannot be empty\","
            + "\"type\":\"invalid_request_error\"}}";
    static final String INVALID_API_KEY =
            "{\"error\":{\"code\":401,\"message\":\"Invalid API Key\",\"type\":\"authentication_error\"}}";
    static final String EMBEDDINGS_NOT_SUPPORTED =
            "{\"error\":{\"code\":501,\"message\":\"This server does not support "
                    + "embeddings. Start it with `--embeddings`\",\"type\":\"not_supported_error\"}}";
    static final String PARSE_ERROR =
            "{\"error\":{\"code\":500,\"message\":\"[json.exception.parse_error.101] parse error at "
                    + "line 1, column 1: syntax error while parsing value - invalid literal; last read: "
                    + "'x'\",\"type\":\"server_error\"}}";
    static final String SERVER_ERROR =
            "{\"error\":{\"code\":500,\"message\":\"failed to decode the batch\",\"type\":\"server_error\"}}";

    private LlamaCppWire() {}

    /** {@code GET /v1/models} of a server whose model produces {@code width}-d vectors. */
    static String models(int width) {
        return models(SERVED_MODEL_ID, width);
    }

    static String models(String id, int width) {
        return "{\"object\":\"list\",\"data\":[{\"id\":\"" + id + "\",\"object\":\"model\",\"created\":1764000000,"
                + "\"owned_by\":\"llamacpp\",\"meta\":{\"vocab_type\":2,\"n_vocab\":30522,\"n_ctx_train\":2048,"
                + "\"n_embd\":" + width + ",\"n_params\":136731648,\"size\":84106624}}]}";
    }

    /** {@code POST /v1/embeddings} answer with the vectors in the given order of indices. */
    static String embeddings(List<float[]> vectors, int... indexOrder) {
        StringJoiner data = new StringJoiner(",", "[", "]");
        for (int position = 0; position < vectors.size(); position++) {
            int index = indexOrder.length == 0 ? position : indexOrder[position];
            data.add("{\"embedding\":" + array(vectors.get(index)) + ",\"index\":" + index
                    + ",\"object\":\"embedding\"}");
        }
        return envelope(data.toString(), vectors.size());
    }

    /** The same with {@code "encoding_format":"base64"}: little-endian float32, base64-encoded. */
    static String base64Embeddings(List<float[]> vectors) {
        StringJoiner data = new StringJoiner(",", "[", "]");
        for (int index = 0; index < vectors.size(); index++) {
            data.add("{\"embedding\":\"" + base64(vectors.get(index)) + "\",\"index\":" + index
                    + ",\"object\":\"embedding\"}");
        }
        return envelope(data.toString(), vectors.size());
    }

    /** {@code POST /embedding} answer of current builds: one row per input. */
    static String nativeEmbeddings(List<float[]> vectors) {
        StringJoiner items = new StringJoiner(",", "[", "]");
        for (int index = 0; index < vectors.size(); index++) {
            items.add("{\"index\":" + index + ",\"embedding\":[" + array(vectors.get(index)) + "]}");
        }
        return items.toString();
    }

    /** {@code POST /embedding} answer of older builds for one input. */
    static String oldNativeEmbedding(float[] vector) {
        return "{\"embedding\":" + array(vector) + "}";
    }

    static String array(float[] vector) {
        StringJoiner components = new StringJoiner(",", "[", "]");
        for (float component : vector) {
            components.add(Float.toString(component));
        }
        return components.toString();
    }

    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float component : vector) {
            bytes.putFloat(component);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /** A unit vector along axis {@code axis}. */
    static float[] unit(int width, int axis) {
        float[] vector = new float[width];
        vector[axis] = 1f;
        return vector;
    }

    private static String envelope(String data, int inputs) {
        return "{\"model\":\"nomic-embed-text-v1.5\",\"object\":\"list\",\"usage\":{\"prompt_tokens\":" + (inputs * 4)
                + ",\"total_tokens\":" + (inputs * 4) + "},\"data\":" + data + "}";
    }
}
