package dev.athena.reasoning;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.jspecify.annotations.Nullable;

/** The kind of record consolidation will ask for: a pattern with its evidence. */
@JsonClassDescription("A pattern found in a cluster of agent events")
record ExtractedPattern(
        @JsonProperty("pattern_type") Kind patternType,

        @JsonPropertyDescription("One sentence that states the pattern")
        String statement,

        double confidence,
        @JsonProperty("supporting_events") List<Evidence> supportingEvents,
        @Nullable String note) {

    enum Kind {
        ERROR_FIX,
        DECISION,
        WORKFLOW
    }

    record Evidence(@JsonProperty("event_id") String eventId, String quote) {}
}
