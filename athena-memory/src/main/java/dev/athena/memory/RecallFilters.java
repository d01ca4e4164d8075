package dev.athena.memory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Narrows recall; every criterion is optional and they combine with AND.
 *
 * @param memoryTypes only these types; empty for all
 * @param tagsAny memories carrying at least one of these tags
 * @param tagsAll memories carrying all of these tags
 * @param occurredAfter occurred at or after this instant
 * @param occurredBefore occurred strictly before this instant
 * @param metadata memories whose metadata contains these key/value pairs (JSON containment)
 * @param includeSuperseded also superseded memories (forgotten ones are never recalled now)
 * @param asOf recall as of this instant: the memories valid then, superseded or forgotten since included (purged ones
 *     are gone); {@code null} for now
 */
public record RecallFilters(
        List<MemoryType> memoryTypes,
        List<String> tagsAny,
        List<String> tagsAll,
        Instant occurredAfter,
        Instant occurredBefore,
        Map<String, Object> metadata,
        boolean includeSuperseded,
        Instant asOf) {

    public static final RecallFilters NONE =
            new RecallFilters(List.of(), List.of(), List.of(), null, null, Map.of(), false, null);

    public RecallFilters {
        memoryTypes = memoryTypes == null ? List.of() : List.copyOf(memoryTypes);
        tagsAny = tagsAny == null ? List.of() : List.copyOf(tagsAny);
        tagsAll = tagsAll == null ? List.of() : List.copyOf(tagsAll);
        metadata = metadata == null ? Map.of() : metadata;
    }

    /** Filters for now. */
    public RecallFilters(
            List<MemoryType> memoryTypes,
            List<String> tagsAny,
            List<String> tagsAll,
            Instant occurredAfter,
            Instant occurredBefore,
            Map<String, Object> metadata,
            boolean includeSuperseded) {
        this(memoryTypes, tagsAny, tagsAll, occurredAfter, occurredBefore, metadata, includeSuperseded, null);
    }

    public static RecallFilters ofType(MemoryType type) {
        return type == null
                ? NONE
                : new RecallFilters(List.of(type), List.of(), List.of(), null, null, Map.of(), false);
    }

    /**
     * Whether these filters ask for no more than the project's active memories valid now: what the in-process BM25
     * index holds ({@link InProcessBm25}). Any other filter runs BM25 in PostgreSQL, where it narrows the matches
     * before the top k is taken.
     */
    boolean onlyActiveNow() {
        return memoryTypes.isEmpty()
                && tagsAny.isEmpty()
                && tagsAll.isEmpty()
                && occurredAfter == null
                && occurredBefore == null
                && metadata.isEmpty()
                && !includeSuperseded
                && asOf == null;
    }

    /** The same filters, as of {@code instant} ({@code null}: now). */
    public RecallFilters asOf(Instant instant) {
        return new RecallFilters(
                memoryTypes, tagsAny, tagsAll, occurredAfter, occurredBefore, metadata, includeSuperseded, instant);
    }

    /** The same filters limited to memories that occurred in {@code [from, until)}. */
    RecallFilters occurredWithin(Instant from, Instant until) {
        return new RecallFilters(memoryTypes, tagsAny, tagsAll, from, until, metadata, includeSuperseded, asOf);
    }
}
