-- Memories: the facts, decisions, patterns and context an agent asked Athena to keep.
-- The vector width comes from athena.embedding.dimension when the database is first migrated; it is checked
-- against the configured model at every start-up (see EmbeddingDimensionVerifier).
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE memories (
    id               uuid        PRIMARY KEY,
    project          text        NOT NULL DEFAULT 'default',
    memory_type      text        NOT NULL CHECK (memory_type IN ('fact', 'pattern', 'decision', 'context')),
    content          text        NOT NULL,
    content_hash     text        NOT NULL,
    embedding        vector(${embedding_dimension}),
    embedding_model  text,
    content_tsv      tsvector    GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
    tags             text[]      NOT NULL DEFAULT '{}',
    metadata         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    importance       real        NOT NULL DEFAULT 0.5 CHECK (importance >= 0 AND importance <= 1),
    confidence       real        NOT NULL DEFAULT 1.0 CHECK (confidence >= 0 AND confidence <= 1),
    access_count     bigint      NOT NULL DEFAULT 0,
    last_accessed_at timestamptz,
    occurred_at      timestamptz NOT NULL DEFAULT now(),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    superseded_by    uuid        REFERENCES memories (id),
    state            text        NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'superseded', 'forgotten', 'purged'))
);

-- Cosine distance (<=>) is what recall orders by, so the opclass must be vector_cosine_ops.
CREATE INDEX memories_embedding_hnsw ON memories USING hnsw (embedding vector_cosine_ops);
CREATE INDEX memories_content_tsv_gin ON memories USING gin (content_tsv);
CREATE INDEX memories_tags_gin ON memories USING gin (tags);
-- Exact duplicates: one active memory per content per project. Concurrent identical writes meet here.
CREATE UNIQUE INDEX memories_active_content_hash ON memories (project, content_hash) WHERE state = 'active';
CREATE INDEX memories_project_created ON memories (project, created_at DESC, id);
-- The background embedder looks for rows without a vector.
CREATE INDEX memories_pending_embedding ON memories (created_at) WHERE embedding IS NULL AND state = 'active';
