/**
 * Athena's memory: stores memories and episodic events in PostgreSQL + pgvector and finds them again.
 *
 * <p>Its API is eight services: {@link dev.athena.memory.MemoryService} (remember),
 * {@link dev.athena.memory.RecallService} (recall), {@link dev.athena.memory.MemoryCatalog} (get, list, history),
 * {@link dev.athena.memory.MemoryLifecycleService} (forget, purge), {@link dev.athena.memory.EventService} (episodic
 * events), {@link dev.athena.memory.PatternLedger} (consolidation's patterns),
 * {@link dev.athena.memory.ProjectExporter} and {@link dev.athena.memory.ProjectImporter} (a project's
 * {@link dev.athena.memory.ProjectArchive}); with the records, enums and exceptions they take and return,
 * {@link dev.athena.memory.MemoryProperties}, {@link dev.athena.memory.Projects} and
 * {@link dev.athena.memory.LogValues}. {@link dev.athena.memory.EmbeddingBackfill} is public for tests that drive it,
 * {@link dev.athena.memory.InProcessBm25} for the gateway's gauges of its state.
 *
 * <p>The {@code memories} table: {@code MemoryWrites} remembers, forgets and purges in SQL, each change with its
 * history entry (patterns, imports and vectors have their own writers), and {@code RecallQueries} searches it;
 * {@code MemoryRepository} (JPA) reads one memory and {@code CatalogQueries} lists pages and histories, both through
 * {@code MemoryRow}, the one mapping from a row to a {@code Memory}, which leaves the vector in the database.
 */
package dev.athena.memory;
