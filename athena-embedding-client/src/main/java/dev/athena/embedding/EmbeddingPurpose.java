package dev.athena.embedding;

/**
 * Why a text is embedded. Asymmetric models such as nomic-embed need a different task prefix for stored documents and
 * for queries; symmetric models (MiniLM) ignore the purpose.
 */
public enum EmbeddingPurpose {
    DOCUMENT,
    QUERY,
    CLUSTERING,
    CLASSIFICATION
}
