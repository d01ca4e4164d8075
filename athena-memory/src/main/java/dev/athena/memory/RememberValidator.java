package dev.athena.memory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a remember request against the limits a production store needs (size, tags, metadata, time) and turns it into
 * a {@link MemoryDraft}. Field names are prefixed for batch items ({@code items[3].content}).
 */
@Component
class RememberValidator {

    private static final int MAX_TAGS = RememberRequest.MAX_TAGS;
    private static final int MAX_TAG_LENGTH = RememberRequest.MAX_TAG_LENGTH;
    static final int MAX_METADATA_KEYS = 64;
    static final int MAX_METADATA_BYTES = 16 * 1024;
    static final int MAX_METADATA_DEPTH = 8;
    static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MemoryProperties properties;
    private final Clock clock;

    RememberValidator(MemoryProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    MemoryDraft validate(RememberRequest request, String fieldPrefix) {
        return validate(request, properties.resolveProject(request.project()), fieldPrefix);
    }

    MemoryDraft validate(RememberRequest request, String project, String fieldPrefix) {
        String content = content(request.content(), fieldPrefix + "content");
        Instant occurredAt = occurredAt(request.occurredAt(), fieldPrefix + "occurred_at");
        Instant validFrom = request.validFrom() == null ? occurredAt : request.validFrom();
        if (request.validTo() != null && !request.validTo().isAfter(validFrom)) {
            throw new MemoryValidationException(
                    fieldPrefix + "valid_to", "must be after valid_from (" + validFrom + ")");
        }
        return new MemoryDraft(
                project,
                request.memoryType(),
                content,
                ContentHash.of(content),
                tags(request.tags(), fieldPrefix + "tags"),
                importance(request.importance(), fieldPrefix + "importance"),
                metadata(request.metadata(), fieldPrefix + "metadata"),
                occurredAt,
                request.supersedes(),
                validFrom,
                request.validTo());
    }

    private String content(String content, String field) {
        if (content == null || content.isBlank()) {
            throw new MemoryValidationException(field, "must not be empty");
        }
        int bytes = content.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > properties.maxContentBytes()) {
            throw new MemoryValidationException(
                    field, "is " + bytes + " bytes, more than the limit of " + properties.maxContentBytes() + " bytes");
        }
        if (content.indexOf('\u0000') >= 0) {
            throw new MemoryValidationException(field, "must not contain NUL characters");
        }
        return content;
    }

    static List<String> tags(List<String> tags, String field) {
        if (tags.size() > MAX_TAGS) {
            throw new MemoryValidationException(field, "at most " + MAX_TAGS + " tags are allowed");
        }
        for (String tag : tags) {
            if (tag == null || tag.isBlank() || tag.length() > MAX_TAG_LENGTH || tag.indexOf('\u0000') >= 0) {
                throw new MemoryValidationException(field, "each tag must be 1-" + MAX_TAG_LENGTH + " characters");
            }
        }
        return tags.stream().map(String::strip).distinct().toList();
    }

    private static double importance(Double importance, String field) {
        if (importance == null) {
            return RememberRequest.DEFAULT_IMPORTANCE;
        }
        if (importance.isNaN() || importance < 0 || importance > 1) {
            throw new MemoryValidationException(field, "must be between 0 and 1");
        }
        // The column is a 4-byte float: a value too small for it (4.9e-324) would fail the insert. It means 0.
        return importance < Float.MIN_VALUE ? 0.0 : importance;
    }

    private static String metadata(Map<String, Object> metadata, String field) {
        if (metadata.size() > MAX_METADATA_KEYS) {
            throw new MemoryValidationException(field, "at most " + MAX_METADATA_KEYS + " keys are allowed");
        }
        if (depth(metadata) > MAX_METADATA_DEPTH) {
            throw new MemoryValidationException(field, "must not nest deeper than " + MAX_METADATA_DEPTH + " levels");
        }
        String json = JSON.writeValueAsString(metadata);
        if (json.indexOf("\\u0000") >= 0) {
            throw new MemoryValidationException(field, "must not contain NUL characters");
        }
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            throw new MemoryValidationException(field, "must be at most " + MAX_METADATA_BYTES + " bytes as JSON");
        }
        return json;
    }

    private static int depth(Object value) {
        if (value instanceof Map<?, ?> map) {
            return 1
                    + map.values().stream()
                            .mapToInt(RememberValidator::depth)
                            .max()
                            .orElse(0);
        }
        if (value instanceof Collection<?> list) {
            return 1 + list.stream().mapToInt(RememberValidator::depth).max().orElse(0);
        }
        return 0;
    }

    private Instant occurredAt(Instant occurredAt, String field) {
        Instant now = clock.instant();
        if (occurredAt == null) {
            return now;
        }
        if (occurredAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            throw new MemoryValidationException(field, "must not be in the future");
        }
        return occurredAt;
    }
}
