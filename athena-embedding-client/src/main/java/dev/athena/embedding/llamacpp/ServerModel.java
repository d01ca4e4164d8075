package dev.athena.embedding.llamacpp;

import java.util.OptionalInt;

/**
 * The model a llama.cpp server says it serves, from {@code GET /v1/models}.
 *
 * @param id the server's model id, usually the GGUF file name
 * @param width {@code meta.n_embd}, the width of the vectors it produces; empty for builds that do not say
 */
record ServerModel(String id, OptionalInt width) {

    static final String UNKNOWN_ID = "unknown";
}
