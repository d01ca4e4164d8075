package dev.athena.consolidation;

/** The reasoning model cannot answer now; consolidation continues with System 1 alone. */
class PatternModelUnavailableException extends RuntimeException {

    PatternModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
