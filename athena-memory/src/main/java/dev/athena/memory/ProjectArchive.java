package dev.athena.memory;

/**
 * The export format of one project: JSON Lines, a header line first, then events, memories (patterns included), links
 * between memories, and an end line whose counts tell a complete file from a truncated one. Newest memories come first,
 * so a memory's successor ({@code superseded_by}) is always imported before it. docs/api.md describes every field.
 */
public final class ProjectArchive {

    /** The {@code format} of the header line. */
    public static final String FORMAT = "athena-project-export";
    /** The version this Athena writes and the newest it reads. */
    public static final int VERSION = 1;
    /** The media type of an export. */
    public static final String MEDIA_TYPE = "application/x-ndjson";

    static final String EVENT = "event";
    static final String MEMORY = "memory";
    static final String LINK = "link";
    static final String END = "end";

    private ProjectArchive() {}

    /** Instants as the archive writes them: UTC, microseconds (what PostgreSQL keeps), an ISO-8601 {@code Z} suffix. */
    static String instant(String column) {
        return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    }
}
