package dev.athena.reasoning.compression;

/** A compression service failed or answered something unusable. */
public class CompressionException extends RuntimeException {

    public CompressionException(String message, Throwable cause) {
        super(message, cause);
    }

    public CompressionException(String message) {
        super(message);
    }
}
