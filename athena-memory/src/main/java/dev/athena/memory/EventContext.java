package dev.athena.memory;

import java.util.List;

/**
 * Where an event happened; every field is optional.
 *
 * @param cwd working directory
 * @param files files involved
 * @param task what the agent was working on
 * @param branch version-control branch
 */
public record EventContext(String cwd, List<String> files, String task, String branch) {

    public static final EventContext EMPTY = new EventContext(null, List.of(), null, null);

    public EventContext {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
