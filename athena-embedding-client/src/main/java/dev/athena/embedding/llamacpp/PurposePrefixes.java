package dev.athena.embedding.llamacpp;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.athena.embedding.EmbeddingPurpose;
import dev.athena.embedding.llamacpp.LlamaCppEmbeddingProperties.TaskPrefixes;

/**
 * The task prefix put before each text, by purpose. nomic-embed-text was trained with them and embeds queries and
 * documents into different regions without them; symmetric models such as MiniLM must get none.
 */
final class PurposePrefixes {

    static final Map<EmbeddingPurpose, String> NOMIC = Map.of(
            EmbeddingPurpose.DOCUMENT, "search_document: ",
            EmbeddingPurpose.QUERY, "search_query: ",
            EmbeddingPurpose.CLUSTERING, "clustering: ",
            EmbeddingPurpose.CLASSIFICATION, "classification: ");

    private final Map<EmbeddingPurpose, String> prefixes;

    private PurposePrefixes(Map<EmbeddingPurpose, String> prefixes) {
        this.prefixes = new EnumMap<>(EmbeddingPurpose.class);
        prefixes.forEach((purpose, prefix) -> {
            if (prefix != null && !prefix.isEmpty()) {
                this.prefixes.put(purpose, prefix);
            }
        });
    }

    static PurposePrefixes of(TaskPrefixes scheme, String model, Map<EmbeddingPurpose, String> custom) {
        return new PurposePrefixes(
                switch (scheme) {
                    case AUTO -> isNomic(model) ? NOMIC : Map.of();
                    case NOMIC -> NOMIC;
                    case NONE -> Map.of();
                    case CUSTOM -> custom;
                });
    }

    private static boolean isNomic(String model) {
        return model.toLowerCase(Locale.ROOT).contains("nomic-embed");
    }

    String prefix(EmbeddingPurpose purpose) {
        return prefixes.getOrDefault(purpose, "");
    }

    List<String> apply(EmbeddingPurpose purpose, List<String> texts) {
        String prefix = prefix(purpose);
        if (prefix.isEmpty()) {
            return texts;
        }
        List<String> prefixed = new ArrayList<>(texts.size());
        for (String text : texts) {
            prefixed.add(prefix + text);
        }
        return prefixed;
    }

    @Override
    public String toString() {
        return prefixes.isEmpty() ? "none" : prefixes.toString();
    }
}
