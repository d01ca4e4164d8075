package dev.athena.memory;

/**
 * A line of an import that Athena refuses: which line, which field, why. The batch it belongs to was not written; the
 * batches before it were, up to and including {@code importedThroughLine} (0: none), and importing the whole file again
 * after fixing it writes only what is still missing.
 */
public class ImportLineException extends MemoryValidationException {

    private final long line;
    private final long importedThroughLine;

    ImportLineException(long line, String field, String reason, long importedThroughLine) {
        super(field, reason);
        this.line = line;
        this.importedThroughLine = importedThroughLine;
    }

    ImportLineException(long line, String field, String reason) {
        this(line, field, reason, 0);
    }

    public long line() {
        return line;
    }

    public long importedThroughLine() {
        return importedThroughLine;
    }

    ImportLineException afterLine(long committed) {
        return new ImportLineException(line, field(), reason(), committed);
    }
}
