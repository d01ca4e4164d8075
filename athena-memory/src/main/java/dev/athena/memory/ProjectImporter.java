package dev.athena.memory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import dev.athena.embedding.EmbeddingClient;
import dev.athena.embedding.EmbeddingModelInfo;
import dev.athena.memory.ProjectImportStore.Placed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports a {@link ProjectArchive} into a project, new or existing, batch by batch: each batch of up to
 * {@value #BATCH_LINES} lines is checked whole and written in one transaction, or not at all. Importing a file again
 * changes nothing: rows already in the project are left as they are. An id another project holds is replaced by one
 * derived from the project and the old id (the same on every import of the file); a memory purged in this project stays
 * purged. Vectors are kept when they were made by this Athena's model at its dimension; otherwise the memory is stored
 * pending and the embedding backfill embeds it.
 */
@Service
public class ProjectImporter {

    private static final Logger log = LoggerFactory.getLogger(ProjectImporter.class);
    static final int BATCH_LINES = 1000;
    /** A line longer than this is refused; a memory with a long history is the longest line an export writes. */
    static final int MAX_LINE_CHARS = 16 * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ProjectImportStore store;
    private final MemoryWrites memories;
    private final TransactionTemplate transaction;
    private final EmbeddingClient embeddings;
    private final MemoryProperties properties;

    ProjectImporter(
            ProjectImportStore store,
            MemoryWrites memories,
            TransactionTemplate transaction,
            EmbeddingClient embeddings,
            MemoryProperties properties) {
        this.store = store;
        this.memories = memories;
        this.transaction = transaction;
        this.embeddings = embeddings;
        this.properties = properties;
    }

    /**
     * Reads the archive from {@code in} (UTF-8) and imports it into {@code project}.
     *
     * @throws ImportLineException for the first bad line; its batch was not written, the ones before it were
     */
    public ImportReport importFrom(String project, InputStream in) {
        String resolved = properties.resolveProject(project);
        Run run = new Run(resolved, embeddings.model());
        Reader reader = new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        Lines lines = new Lines(reader);
        try {
            run.readAll(lines);
        } catch (ImportLineException e) {
            throw e.afterLine(run.committedThroughLine);
        }
        ImportReport report = run.report(lines.number);
        log.info("import into project {}: {}", LogValues.safe(resolved), report);
        return report;
    }

    /** One import: what has been read, what is pending, what was written. */
    private final class Run {

        private final String project;
        private final EmbeddingModelInfo model;
        private ArchiveRecords.Header header;
        private ArchiveRecords.End end;
        private final List<ArchiveRecords.Event> events = new ArrayList<>();
        private final List<ArchiveRecords.Memory> memoriesRead = new ArrayList<>();
        private final List<ArchiveRecords.Link> links = new ArrayList<>();
        /** Archive ids that became other ids here; ids kept as they are are not recorded. */
        private final Map<UUID, UUID> memoryIds = new HashMap<>();

        private final Map<UUID, UUID> eventIds = new HashMap<>();
        private long eventLines;
        private long memoryLines;
        private long linkLines;
        private long lastLine;
        private long committedThroughLine;
        private long eventsImported;
        private long eventsSkipped;
        private long memoriesImported;
        private long memoriesSkipped;
        private long memoriesDuplicate;
        private long pendingEmbedding;
        private long linksImported;

        Run(String project, EmbeddingModelInfo model) {
            this.project = project;
            this.model = model;
        }

        void readAll(Lines lines) {
            String text;
            while ((text = lines.next()) != null) {
                if (text.isBlank()) {
                    continue;
                }
                long number = lines.number;
                if (end != null) {
                    throw new ImportLineException(number, "kind", "nothing may follow the end line");
                }
                ArchiveLine line = parse(number, text);
                if (header == null) {
                    header = read(line, () -> ArchiveRecords.Header.read(line));
                    committedThroughLine = number;
                    continue;
                }
                readRecord(line);
                lastLine = number;
                if (pending() >= BATCH_LINES) {
                    writeBatch();
                }
            }
            if (header == null) {
                throw new ImportLineException(
                        Math.max(1, lines.number), "format", "the file is empty: it has no header line");
            }
            if (end == null) {
                throw new ImportLineException(
                        lines.number + 1,
                        "kind",
                        "the file ends without its end line: it is truncated, and its last batch was not imported");
            }
        }

        private void readRecord(ArchiveLine line) {
            String kind = line.optionalText("kind");
            if (kind == null) {
                throw line.invalid("kind", "is required: event, memory, link or end");
            }
            switch (kind) {
                case ProjectArchive.EVENT -> {
                    events.add(read(line, () -> ArchiveRecords.Event.read(line)));
                    eventLines++;
                }
                case ProjectArchive.MEMORY -> {
                    memoriesRead.add(read(
                            line, () -> ArchiveRecords.Memory.read(line, header, model, properties.maxContentBytes())));
                    memoryLines++;
                }
                case ProjectArchive.LINK -> {
                    links.add(read(line, () -> ArchiveRecords.Link.read(line)));
                    linkLines++;
                }
                case ProjectArchive.END -> {
                    ArchiveRecords.End counts = read(line, () -> ArchiveRecords.End.read(line));
                    checkCounts(line, counts);
                    end = counts;
                    writeBatch();
                }
                default ->
                    throw line.invalid(
                            "kind", "must be one of event, memory, link, end, was '" + LogValues.safe(kind) + "'");
            }
        }

        private void checkCounts(ArchiveLine line, ArchiveRecords.End counts) {
            if (counts.events() != eventLines) {
                throw line.invalid(
                        "events", "the end line counts " + counts.events() + " events, the file holds " + eventLines);
            }
            if (counts.memories() != memoryLines) {
                throw line.invalid(
                        "memories",
                        "the end line counts " + counts.memories() + " memories, the file holds " + memoryLines);
            }
            if (counts.links() != linkLines) {
                throw line.invalid(
                        "links", "the end line counts " + counts.links() + " links, the file holds " + linkLines);
            }
        }

        private int pending() {
            return events.size() + memoriesRead.size() + links.size();
        }

        private void writeBatch() {
            transaction.executeWithoutResult(status -> {
                writeEvents();
                writeMemories();
                writeLinks();
            });
            events.clear();
            memoriesRead.clear();
            links.clear();
            committedThroughLine = lastLine;
        }

        private void writeEvents() {
            if (events.isEmpty()) {
                return;
            }
            List<UUID> archiveIds =
                    events.stream().map(ArchiveRecords.Event::id).toList();
            Map<UUID, String> owners = store.eventProjects(withDerived(archiveIds));
            Map<UUID, UUID> placement = place(archiveIds, owners, Set.of());
            List<Placed<ArchiveRecords.Event>> fresh = new ArrayList<>();
            for (ArchiveRecords.Event event : events) {
                UUID id = placement.get(event.id());
                boolean ownIdHere = project.equals(owners.get(event.id()));
                remember(eventIds, event.id(), id != null ? id : ownIdHere ? event.id() : derivedId(event.id()));
                if (id != null) {
                    fresh.add(new Placed<>(id, event));
                } else {
                    eventsSkipped++;
                }
            }
            Set<UUID> inserted = store.insertEvents(project, fresh);
            eventsImported += inserted.size();
            eventsSkipped += fresh.size() - inserted.size();
        }

        private void writeMemories() {
            if (memoriesRead.isEmpty()) {
                return;
            }
            List<UUID> archiveIds =
                    memoriesRead.stream().map(ArchiveRecords.Memory::id).toList();
            Set<UUID> purged = store.purged(project, withDerived(archiveIds));
            Map<UUID, String> owners = store.memoryProjects(withDerived(archiveIds));
            Map<UUID, UUID> placement = place(archiveIds, owners, purged);
            List<Placed<ArchiveRecords.Memory>> fresh = new ArrayList<>();
            for (ArchiveRecords.Memory memory : memoriesRead) {
                UUID id = placement.get(memory.id());
                if (id != null) {
                    fresh.add(new Placed<>(id, memory));
                } else {
                    boolean ownIdHere = purged.contains(memory.id()) || project.equals(owners.get(memory.id()));
                    remember(memoryIds, memory.id(), ownIdHere ? memory.id() : derivedId(memory.id()));
                    memoriesSkipped++;
                }
            }
            Set<UUID> inserted = store.insertMemories(project, fresh);
            List<Placed<ArchiveRecords.Memory>> written = new ArrayList<>();
            List<String> duplicateHashes = new ArrayList<>();
            for (Placed<ArchiveRecords.Memory> memory : fresh) {
                if (inserted.contains(memory.id())) {
                    remember(memoryIds, memory.row().id(), memory.id());
                    written.add(memory);
                } else {
                    duplicateHashes.add(memory.row().contentHash());
                }
            }
            mapDuplicates(fresh, inserted, duplicateHashes);
            linkSuccessors(written);
            writeHistoryProvenanceAndAccess(written);
            memoriesImported += written.size();
            pendingEmbedding += written.stream()
                    .filter(m -> m.row().embedding() == null
                            && "active".equals(m.row().state()))
                    .count();
        }

        /** A memory whose content an active memory of the project already holds stands for that one from now on. */
        private void mapDuplicates(List<Placed<ArchiveRecords.Memory>> fresh, Set<UUID> inserted, List<String> hashes) {
            if (hashes.isEmpty()) {
                return;
            }
            Map<String, UUID> holders = memories.activeIdsByContentHash(project, hashes);
            for (Placed<ArchiveRecords.Memory> memory : fresh) {
                if (!inserted.contains(memory.id())) {
                    UUID holder = holders.get(memory.row().contentHash());
                    remember(memoryIds, memory.row().id(), holder == null ? memory.id() : holder);
                    memoriesDuplicate++;
                }
            }
        }

        private void linkSuccessors(List<Placed<ArchiveRecords.Memory>> written) {
            Map<UUID, UUID> successorOf = new HashMap<>();
            Map<UUID, ArchiveRecords.Memory> byTarget = new HashMap<>();
            for (Placed<ArchiveRecords.Memory> memory : written) {
                if (memory.row().supersededBy() != null) {
                    UUID successor = memoryIds.getOrDefault(
                            memory.row().supersededBy(), memory.row().supersededBy());
                    successorOf.put(memory.id(), successor);
                    byTarget.putIfAbsent(successor, memory.row());
                }
            }
            Set<UUID> present = successorOf.isEmpty() ? Set.of() : store.existingMemories(project, byTarget.keySet());
            for (Map.Entry<UUID, ArchiveRecords.Memory> target : byTarget.entrySet()) {
                if (!present.contains(target.getKey())) {
                    throw new ImportLineException(
                            target.getValue().line(),
                            "superseded_by",
                            "memory " + target.getValue().supersededBy()
                                    + " is neither in the project nor earlier in the file (an export lists a "
                                    + "memory's successor before it)");
                }
            }
            store.setSuccessors(successorOf);
        }

        private void writeHistoryProvenanceAndAccess(List<Placed<ArchiveRecords.Memory>> written) {
            List<Placed<ArchiveRecords.History>> history = new ArrayList<>();
            List<Placed<ArchiveRecords.Provenance>> provenance = new ArrayList<>();
            List<Placed<ArchiveRecords.Memory>> accessed = new ArrayList<>();
            for (Placed<ArchiveRecords.Memory> memory : written) {
                memory.row().history().forEach(entry -> history.add(new Placed<>(memory.id(), entry)));
                for (ArchiveRecords.Provenance source : memory.row().provenance()) {
                    Map<UUID, UUID> ids = "event".equals(source.sourceKind()) ? eventIds : memoryIds;
                    UUID sourceId = ids.getOrDefault(source.sourceId(), source.sourceId());
                    provenance.add(new Placed<>(
                            memory.id(),
                            new ArchiveRecords.Provenance(source.sourceKind(), sourceId, source.createdAt())));
                }
                if (memory.row().accessCount() > 0) {
                    accessed.add(memory);
                }
            }
            store.insertHistory(project, history);
            store.insertProvenance(provenance);
            store.insertAccess(accessed);
        }

        private void writeLinks() {
            if (links.isEmpty()) {
                return;
            }
            List<ArchiveRecords.Link> mapped = links.stream()
                    .map(l -> new ArchiveRecords.Link(
                            l.line(),
                            memoryIds.getOrDefault(l.memoryId(), l.memoryId()),
                            memoryIds.getOrDefault(l.relatedId(), l.relatedId()),
                            l.relation(),
                            l.createdAt()))
                    .toList();
            Set<UUID> needed = new LinkedHashSet<>();
            mapped.forEach(l -> {
                needed.add(l.memoryId());
                needed.add(l.relatedId());
            });
            Set<UUID> present = store.existingMemories(project, needed);
            for (ArchiveRecords.Link link : mapped) {
                if (!present.contains(link.memoryId()) || !present.contains(link.relatedId())) {
                    String field = present.contains(link.memoryId()) ? "related_id" : "memory_id";
                    throw new ImportLineException(link.line(), field, "links a memory that is not in the project");
                }
            }
            linksImported += store.insertLinks(mapped);
        }

        /**
         * Where each archive id goes: its own id when no row holds it, the derived id when another project holds it and
         * no row holds that one; absent when the project already has the row (or it was purged here).
         */
        private Map<UUID, UUID> place(List<UUID> ids, Map<UUID, String> owner, Set<UUID> purged) {
            Map<UUID, UUID> placement = new HashMap<>();
            for (UUID id : ids) {
                String holder = owner.get(id);
                if (holder == null) {
                    placement.put(id, id);
                } else if (!holder.equals(project)) {
                    UUID derived = derivedId(id);
                    if (owner.get(derived) == null) {
                        placement.put(id, derived);
                    }
                }
            }
            placement.keySet().removeIf(id -> purged.contains(placement.get(id)));
            return placement;
        }

        private Set<UUID> withDerived(List<UUID> ids) {
            Set<UUID> all = new HashSet<>(ids);
            ids.forEach(id -> all.add(derivedId(id)));
            return all;
        }

        /** The id a row gets here when another project holds its own: the same on every import into this project. */
        private UUID derivedId(UUID id) {
            return UUID.nameUUIDFromBytes(("athena-import:" + project + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        ImportReport report(long lines) {
            return new ImportReport(
                    project,
                    lines,
                    eventsImported,
                    eventsSkipped,
                    memoriesImported,
                    memoriesSkipped,
                    memoriesDuplicate,
                    pendingEmbedding,
                    linksImported);
        }
    }

    private static void remember(Map<UUID, UUID> ids, UUID archiveId, UUID id) {
        if (!archiveId.equals(id)) {
            ids.put(archiveId, id);
        }
    }

    private static ArchiveLine parse(long number, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new ImportLineException(number, "line", "must be one JSON object");
            }
            return new ArchiveLine(number, node);
        } catch (JacksonException e) {
            throw new ImportLineException(
                    number, "line", "is not valid JSON (a truncated line?): " + LogValues.safe(e.getOriginalMessage()));
        }
    }

    /** Reads a record, naming the line in a refusal from the memory module's own checks (wire names). */
    private static <T> T read(ArchiveLine line, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (ImportLineException e) {
            throw e;
        } catch (MemoryValidationException e) {
            throw new ImportLineException(line.number(), e.field(), e.reason());
        }
    }

    /** Lines of a reader, counted, each at most {@link #MAX_LINE_CHARS} long. */
    private static final class Lines {

        private final Reader reader;
        private final char[] buffer = new char[64 * 1024];
        private int position;
        private int limit;
        private long number;

        Lines(Reader reader) {
            this.reader = reader;
        }

        /** The next line without its line break, or null at the end of the input. */
        String next() {
            StringBuilder line = new StringBuilder();
            boolean any = false;
            while (true) {
                if (position == limit && !fill()) {
                    if (!any) {
                        return null;
                    }
                    number++;
                    return line.toString();
                }
                any = true;
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                line.append(buffer, start, position - start);
                if (line.length() > MAX_LINE_CHARS) {
                    throw new ImportLineException(
                            number + 1, "line", "is longer than " + MAX_LINE_CHARS + " characters");
                }
                if (position < limit) {
                    position++;
                    number++;
                    int length = line.length();
                    if (length > 0 && line.charAt(length - 1) == '\r') {
                        line.setLength(length - 1);
                    }
                    return line.toString();
                }
            }
        }

        private boolean fill() {
            try {
                limit = reader.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return false;
                }
                return true;
            } catch (CharacterCodingException e) {
                throw new ImportLineException(number + 1, "line", "is not valid UTF-8");
            } catch (IOException e) {
                throw new ImportLineException(number + 1, "line", "could not be read: the upload was interrupted");
            }
        }
    }
}
