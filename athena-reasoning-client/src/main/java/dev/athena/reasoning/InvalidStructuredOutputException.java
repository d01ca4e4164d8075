package dev.athena.reasoning;

/**
 * The model's answer was not a valid JSON object of the requested record, even after one repair attempt with a larger
 * token budget. {@link #lastOutput()} is what it produced the second time, for diagnosis.
 */
public class InvalidStructuredOutputException extends ReasoningException {

    private final String lastOutput;

    public InvalidStructuredOutputException(String message, String lastOutput) {
        super(message, false);
        this.lastOutput = lastOutput;
    }

    public String lastOutput() {
        return lastOutput;
    }
}
