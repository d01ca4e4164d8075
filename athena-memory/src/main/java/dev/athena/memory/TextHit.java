package dev.athena.memory;

import java.util.UUID;

/** A memory the in-process BM25 index found, with its BM25 score. */
record TextHit(UUID id, double score) {}
