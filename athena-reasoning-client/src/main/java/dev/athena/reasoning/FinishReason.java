package dev.athena.reasoning;

/** Why the model stopped. */
public enum FinishReason {
    /** It finished its answer (end of turn, a stop sequence, or a forced tool call). */
    STOP,
    /** It ran out of tokens: the answer is cut, and JSON in it is incomplete. */
    LENGTH
}
