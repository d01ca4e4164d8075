package dev.athena.consolidation;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** How much the reasoning model is asked: never, where heuristics are unsure, or for every cluster. */
public enum Strategy {
    SPEED,
    BALANCED,
    QUALITY;

    /** The strategy of a run that names none. */
    public static final Strategy DEFAULT = BALANCED;

    /** The name on the wire and in reports; Jackson reads and writes the enum by it. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a cluster with this heuristic uncertainty goes to the model. */
    boolean asksModel(double uncertainty, double threshold) {
        return switch (this) {
            case SPEED -> false;
            case BALANCED -> uncertainty > threshold;
            case QUALITY -> true;
        };
    }
}
