/**
 * Athena's memory: stores memories in PostgreSQL + pgvector and finds them again. Its public API is
 * {@link dev.athena.memory.MemoryService} and the request and result records beside it; everything else is internal.
 */
package dev.athena.memory;
