package dev.athena.gateway.tools;

import java.util.List;

/** The request body could not be bound to the tool's parameters; each violation names its field. */
public class InvalidParametersException extends RuntimeException {

    public record Violation(String field, String reason) {}

    private final List<Violation> violations;

    public InvalidParametersException(List<Violation> violations) {
        super(violations.stream()
                .map(v -> v.field() + ": " + v.reason())
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid parameters"));
        this.violations = List.copyOf(violations);
    }

    public InvalidParametersException(String field, String reason) {
        this(List.of(new Violation(field, reason)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
