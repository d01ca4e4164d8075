package dev.athena.embedding.llamacpp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads llama.cpp's successful answers: {@code /v1/embeddings} (float or base64), the shapes of the native
 * {@code /embedding} answer, and {@code /v1/models}. A tolerant reader: unknown fields are ignored, but anything that
 * would put a wrong vector into the store (missing or repeated indices, null/NaN components, empty vectors) is rejected
 * with a message that says what was wrong.
 */
final class EmbeddingAnswers {

    /** nomic-embed's width: the first guess for the size of a vector being read. */
    private static final int TYPICAL_WIDTH = 768;

    private final JsonMapper json;

    EmbeddingAnswers(JsonMapper json) {
        this.json = json;
    }

    /** One vector of the current native answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(
            @JsonProperty("index") Integer index,
            @JsonProperty("embedding") JsonNode embedding) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelList(@JsonProperty("data") List<Model> data) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Model(
            @JsonProperty("id") String id,
            @JsonProperty("meta") Meta meta) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Meta(@JsonProperty("n_embd") Integer embeddingWidth) {}

    /**
     * {@code {"data":[{"embedding":[...],"index":0}, ...]}}, one vector per input, returned in input order. Read as a
     * token stream straight into float arrays: a batch answer holds tens of thousands of numbers, and a tree of them
     * costs several times the parse.
     */
    List<float[]> readOpenAi(byte[] body, int inputs) {
        if (body.length == 0) {
            throw malformed("an empty body");
        }
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("no \"data\" array in the /v1/embeddings answer");
            }
            float[][] ordered = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("data".equals(name) && value == JsonToken.START_ARRAY) {
                    ordered = readData(parser, inputs);
                } else {
                    parser.skipChildren();
                }
            }
            if (ordered == null) {
                throw malformed("no \"data\" array in the /v1/embeddings answer");
            }
            return List.of(ordered);
        } catch (JacksonException e) {
            throw unreadable(e);
        }
    }

    private static float[][] readData(JsonParser parser, int inputs) {
        float[][] ordered = new float[inputs][];
        int count = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw malformed("a \"data\" entry that is not an object");
            }
            int position = count++;
            Integer index = null;
            float[] vector = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("index".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    index = parser.getIntValue();
                } else if ("embedding".equals(name)) {
                    vector = readVector(parser, position);
                } else {
                    parser.skipChildren();
                }
            }
            if (index == null || vector == null) {
                throw malformed("a vector without \"index\" or \"embedding\"");
            }
            if (count <= inputs) {
                if (index < 0 || index >= inputs || ordered[index] != null) {
                    throw malformed("vector index " + index + " for " + inputs + " inputs (out of range or repeated)");
                }
                ordered[index] = vector;
            }
        }
        requireCount(count, inputs);
        return ordered;
    }

    private static float[] readVector(JsonParser parser, int position) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return checked(decodeBase64(parser.getString(), position), position);
        }
        if (token != JsonToken.START_ARRAY) {
            throw malformed("vector " + position + " is neither an array of numbers nor a base64 string");
        }
        float[] components = new float[TYPICAL_WIDTH];
        int size = 0;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.VALUE_NULL) {
                throw invalid("component " + size + " of vector " + position
                        + " is null: llama.cpp writes NaN and infinite values as null");
            }
            if (token == null || !token.isNumeric()) {
                throw malformed("component " + size + " of vector " + position + " is not a number");
            }
            if (size == components.length) {
                components = Arrays.copyOf(components, size * 2);
            }
            components[size++] = parser.getFloatValue();
        }
        return checked(size == components.length ? components : Arrays.copyOf(components, size), position);
    }

    /**
     * The native {@code /embedding} answer. Current builds: {@code [{"index":0,"embedding":[[...]]}, ...]} (one row per
     * input with mean or CLS pooling). Older builds: {@code {"embedding":[...]}} for one input and
     * {@code {"results":[{"embedding":[...]}, ...]}} for several.
     */
    List<float[]> readNative(byte[] body, int inputs) {
        JsonNode root = tree(body);
        if (root.isArray()) {
            List<Item> items = new ArrayList<>(root.size());
            for (JsonNode node : root) {
                items.add(convert(node, Item.class));
            }
            return inInputOrder(items, inputs);
        }
        if (root.isObject() && root.has("embedding")) {
            requireCount(1, inputs);
            return List.of(vector(singleRow(root.get("embedding"), 0), 0));
        }
        if (root.isObject() && root.path("results").isArray()) {
            JsonNode results = root.get("results");
            requireCount(results.size(), inputs);
            List<float[]> vectors = new ArrayList<>(inputs);
            for (int i = 0; i < results.size(); i++) {
                vectors.add(vector(singleRow(results.get(i).path("embedding"), i), i));
            }
            return vectors;
        }
        throw malformed("the /embedding answer is neither [{\"index\",\"embedding\"}, ...] nor {\"embedding\": [...]}");
    }

    /** {@code {"object":"list","data":[{"id":...,"meta":{"n_embd":768,...}}]}}. */
    ServerModel readModels(byte[] body) {
        JsonNode root = tree(body);
        if (!root.isObject()) {
            throw malformed("the /v1/models answer is not a JSON object");
        }
        ModelList list = convert(root, ModelList.class);
        if (list.data() == null || list.data().isEmpty() || list.data().get(0) == null) {
            return new ServerModel(ServerModel.UNKNOWN_ID, OptionalInt.empty());
        }
        Model model = list.data().get(0);
        String id = model.id() == null || model.id().isBlank() ? ServerModel.UNKNOWN_ID : model.id();
        Integer width = model.meta() == null ? null : model.meta().embeddingWidth();
        return new ServerModel(id, width == null || width <= 0 ? OptionalInt.empty() : OptionalInt.of(width));
    }

    private static List<float[]> inInputOrder(List<Item> items, int inputs) {
        requireCount(items.size(), inputs);
        float[][] ordered = new float[inputs][];
        for (Item item : items) {
            if (item == null || item.index() == null || item.embedding() == null) {
                throw malformed("a vector without \"index\" or \"embedding\"");
            }
            int index = item.index();
            if (index < 0 || index >= inputs || ordered[index] != null) {
                throw malformed("vector index " + index + " for " + inputs + " inputs (out of range or repeated)");
            }
            ordered[index] = vector(singleRow(item.embedding(), index), index);
        }
        return List.of(ordered);
    }

    /** Native answers hold a list of rows per input; pooled models give one. */
    private static JsonNode singleRow(JsonNode embedding, int index) {
        if (embedding.isArray() && !embedding.isEmpty() && embedding.get(0).isArray()) {
            if (embedding.size() != 1) {
                throw new LlamaCppEmbeddingException(
                        FailureKind.INVALID_VECTOR,
                        "llama.cpp answered " + embedding.size()
                                + " token vectors for input " + index
                                + " instead of one pooled vector: start llama-server "
                                + "with the model's pooling (--pooling mean or cls), not --pooling none");
            }
            return embedding.get(0);
        }
        return embedding;
    }

    private static float[] vector(JsonNode embedding, int index) {
        float[] vector;
        if (embedding.isArray()) {
            vector = new float[embedding.size()];
            for (int i = 0; i < vector.length; i++) {
                JsonNode component = embedding.get(i);
                if (component.isNull()) {
                    throw invalid("component " + i + " of vector " + index
                            + " is null: llama.cpp writes NaN and infinite values as null");
                }
                if (!component.isNumber()) {
                    throw malformed("component " + i + " of vector " + index + " is not a number");
                }
                vector[i] = (float) component.doubleValue();
            }
        } else if (embedding.isString()) {
            vector = decodeBase64(embedding.stringValue(), index);
        } else {
            throw malformed("vector " + index + " is neither an array of numbers nor a base64 string");
        }
        return checked(vector, index);
    }

    private static float[] checked(float[] vector, int index) {
        if (vector.length == 0) {
            throw invalid("vector " + index + " is empty");
        }
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw invalid("component " + i + " of vector " + index + " is " + vector[i]);
            }
        }
        return vector;
    }

    private static float[] decodeBase64(String encoded, int index) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw malformed("vector " + index + " is not valid base64: " + e.getMessage());
        }
        if (bytes.length % Float.BYTES != 0) {
            throw malformed(
                    "base64 vector " + index + " has " + bytes.length + " bytes, not a whole number of float32");
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    private JsonNode tree(byte[] body) {
        if (body.length == 0) {
            throw malformed("an empty body");
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw unreadable(e);
        }
    }

    private static LlamaCppEmbeddingException unreadable(JacksonException e) {
        return new LlamaCppEmbeddingException(
                FailureKind.MALFORMED_RESPONSE,
                "llama.cpp sent malformed or truncated JSON (" + e.getOriginalMessage() + ")",
                e);
    }

    private <T> T convert(JsonNode node, Class<T> type) {
        try {
            return json.treeToValue(node, type);
        } catch (JacksonException e) {
            throw new LlamaCppEmbeddingException(
                    FailureKind.MALFORMED_RESPONSE,
                    "llama.cpp sent JSON of an unexpected shape (" + e.getOriginalMessage() + ")",
                    e);
        }
    }

    private static void requireCount(int vectors, int inputs) {
        if (vectors != inputs) {
            throw malformed(vectors + " vectors for " + inputs + " inputs");
        }
    }

    private static LlamaCppEmbeddingException malformed(String what) {
        return new LlamaCppEmbeddingException(
                FailureKind.MALFORMED_RESPONSE, "llama.cpp sent a malformed answer: " + what);
    }

    private static LlamaCppEmbeddingException invalid(String what) {
        return new LlamaCppEmbeddingException(FailureKind.INVALID_VECTOR, "llama.cpp sent an invalid vector: " + what);
    }
}
