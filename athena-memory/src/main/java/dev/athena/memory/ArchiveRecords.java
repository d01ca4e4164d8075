package dev.athena.memory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.athena.embedding.EmbeddingModelInfo;

/** The records of an archive's lines, read and checked field by field ({@link ArchiveLine} names what is wrong). */
final class ArchiveRecords {

    private static final Set<String> KEPT_STATES = Set.of("active", "superseded", "forgotten");
    private static final Set<String> HISTORY_ACTIONS =
            Set.of("created", "updated", "reinforced", "superseded", "forgotten", "purged");
    private static final Set<String> SOURCE_KINDS = Set.of("event", "memory");
    private static final Set<String> CONSOLIDATION_STATES =
            Set.of("unconsolidated", "awaiting_validation", "consolidated");
    private static final Set<String> RELATIONS = Set.of("contradicts");

    private ArchiveRecords() {}

    record Header(String embeddingModel, int embeddingDimension, boolean vectors) {

        static Header read(ArchiveLine line) {
            if (!ProjectArchive.FORMAT.equals(line.optionalText("format"))) {
                throw line.invalid(
                        "format", "the first line must be the header of an '" + ProjectArchive.FORMAT + "' file");
            }
            int version = line.integer("version");
            if (version < 1 || version > ProjectArchive.VERSION) {
                throw line.invalid(
                        "version",
                        "this Athena reads versions 1 to " + ProjectArchive.VERSION + ", the file is version "
                                + version);
            }
            return new Header(
                    line.optionalText("embedding_model"),
                    line.has("embedding_dimension") ? line.integer("embedding_dimension") : 0,
                    line.flag("vectors"));
        }
    }

    record Event(
            long line,
            UUID id,
            String sessionId,
            Instant occurredAt,
            String eventType,
            String content,
            String outcome,
            Long durationMs,
            String context,
            String consolidationState,
            Instant consolidatedAt,
            Instant createdAt,
            String idempotencyKey) {

        static Event read(ArchiveLine line) {
            String type = line.text("event_type");
            EventType.fromWireName("event_type", type);
            String outcome = line.optionalText("outcome");
            if (outcome != null) {
                EventOutcome.fromWireName("outcome", outcome);
            }
            String consolidation =
                    line.has("consolidation_state") ? line.text("consolidation_state") : "unconsolidated";
            oneOf(line, "consolidation_state", consolidation, CONSOLIDATION_STATES);
            Instant occurredAt = line.instant("occurred_at");
            return new Event(
                    line.number(),
                    line.id("id"),
                    line.optionalText("session_id"),
                    occurredAt,
                    type,
                    nonBlank(line, "content"),
                    outcome,
                    line.optionalCount("duration_ms"),
                    line.object("context"),
                    consolidation,
                    line.optionalInstant("consolidated_at"),
                    line.has("created_at") ? line.instant("created_at") : occurredAt,
                    line.optionalText("idempotency_key"));
        }
    }

    record History(String action, String before, String after, String reason, Instant at) {}

    record Provenance(String sourceKind, UUID sourceId, Instant createdAt) {}

    /**
     * A memory as the archive carries it; {@code embedding} is null unless its vector can be used as it is (same model
     * and dimension as this Athena's).
     */
    record Memory(
            long line,
            UUID id,
            String memoryType,
            String content,
            String contentHash,
            List<String> tags,
            String metadata,
            double importance,
            double confidence,
            String state,
            UUID supersededBy,
            Instant occurredAt,
            Instant createdAt,
            Instant updatedAt,
            Instant validFrom,
            Instant validTo,
            long accessCount,
            Instant lastAccessedAt,
            String embeddingModel,
            float[] embedding,
            List<History> history,
            List<Provenance> provenance) {

        static Memory read(ArchiveLine line, Header header, EmbeddingModelInfo model, int maxContentBytes) {
            String type = line.text("memory_type");
            MemoryType.fromWireName("memory_type", type);
            String content = nonBlank(line, "content");
            int bytes = content.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxContentBytes) {
                throw line.invalid(
                        "content", "is " + bytes + " bytes, more than the limit of " + maxContentBytes + " bytes");
            }
            List<String> tags = line.texts("tags");
            try {
                tags = RememberValidator.tags(tags, "tags");
            } catch (MemoryValidationException e) {
                throw line.invalid("tags", e.reason());
            }
            String state = line.text("state");
            oneOf(line, "state", state, KEPT_STATES);
            Instant occurredAt = line.instant("occurred_at");
            Instant createdAt = line.has("created_at") ? line.instant("created_at") : occurredAt;
            Instant validFrom = line.has("valid_from") ? line.instant("valid_from") : occurredAt;
            Instant validTo = line.optionalInstant("valid_to");
            if (validTo != null && validTo.isBefore(validFrom)) {
                throw line.invalid("valid_to", "must not be before valid_from");
            }
            String embeddingModel = line.optionalText("embedding_model");
            boolean reusable = header.vectors()
                    && model.name().equals(embeddingModel)
                    && header.embeddingDimension() == model.dimension();
            float[] vector = line.vector(
                    "embedding", header.embeddingDimension() > 0 ? header.embeddingDimension() : model.dimension());
            Long accessCount = line.optionalCount("access_count");
            return new Memory(
                    line.number(),
                    line.id("id"),
                    type,
                    content,
                    ContentHash.of(content),
                    tags,
                    line.object("metadata"),
                    line.fraction("importance", 0.5),
                    line.fraction("confidence", 1.0),
                    state,
                    line.optionalId("superseded_by"),
                    occurredAt,
                    createdAt,
                    line.has("updated_at") ? line.instant("updated_at") : createdAt,
                    validFrom,
                    validTo,
                    accessCount == null ? 0 : accessCount,
                    line.optionalInstant("last_accessed_at"),
                    reusable && vector != null ? embeddingModel : null,
                    reusable ? vector : null,
                    history(line),
                    provenance(line));
        }

        private static List<History> history(ArchiveLine line) {
            int size = line.objects("history");
            List<History> history = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                ArchiveLine entry = line.element("history", i);
                String action = entry.text("action");
                oneOf(entry, "action", action, HISTORY_ACTIONS);
                history.add(new History(
                        action,
                        entry.optionalObject("before"),
                        entry.optionalObject("after"),
                        entry.optionalText("reason"),
                        entry.instant("at")));
            }
            return history;
        }

        private static List<Provenance> provenance(ArchiveLine line) {
            int size = line.objects("provenance");
            List<Provenance> provenance = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                ArchiveLine source = line.element("provenance", i);
                String kind = source.text("source_kind");
                oneOf(source, "source_kind", kind, SOURCE_KINDS);
                provenance.add(new Provenance(kind, source.id("source_id"), source.optionalInstant("created_at")));
            }
            return provenance;
        }
    }

    record Link(long line, UUID memoryId, UUID relatedId, String relation, Instant createdAt) {

        static Link read(ArchiveLine line) {
            String relation = line.text("relation");
            oneOf(line, "relation", relation, RELATIONS);
            return new Link(
                    line.number(),
                    line.id("memory_id"),
                    line.id("related_id"),
                    relation,
                    line.optionalInstant("created_at"));
        }
    }

    record End(long events, long memories, long links) {

        static End read(ArchiveLine line) {
            return new End(count(line, "events"), count(line, "memories"), count(line, "links"));
        }

        private static long count(ArchiveLine line, String field) {
            Long value = line.optionalCount(field);
            if (value == null) {
                throw line.invalid(field, "is required: how many " + field + " the file holds");
            }
            return value;
        }
    }

    private static String nonBlank(ArchiveLine line, String field) {
        String text = line.text(field);
        if (text.isBlank()) {
            throw line.invalid(field, "must not be empty");
        }
        return text;
    }

    private static void oneOf(ArchiveLine line, String field, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw line.invalid(
                    field,
                    "must be one of "
                            + String.join(", ", allowed.stream().sorted().toList()) + ", was '" + LogValues.safe(value)
                            + "'");
        }
    }
}
