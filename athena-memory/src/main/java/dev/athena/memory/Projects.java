package dev.athena.memory;

import java.util.regex.Pattern;

/** Project names: the isolation boundary between agents, repositories or users. */
public final class Projects {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private Projects() {}

    /** The project a call acts on: the one it names, checked, or the default one when it names none. */
    public static String resolve(String requested, String defaultProject) {
        if (requested == null) {
            return defaultProject;
        }
        if (!VALID.matcher(requested).matches()) {
            throw new MemoryValidationException(
                    "project",
                    "must be 1-128 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or "
                            + "digit");
        }
        return requested;
    }
}
