package dev.athena.consolidation;

import java.util.Locale;

/** How much the reasoning model is asked: never, where heuristics are unsure, or for every cluster. */
public enum Strategy {
    SPEED, BALANCED, QUALITY;

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

    public static Strategy fromWireName(String value) {
        for (Strategy strategy : values()) {
            if (strategy.wireName().equals(value)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("strategy must be one of speed, balanced, quality, was '" + value + "'");
    }
}
