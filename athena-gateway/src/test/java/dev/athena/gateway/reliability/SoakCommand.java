package dev.athena.gateway.reliability;

import java.nio.file.Path;
import java.time.Duration;

import dev.athena.gateway.ScriptCommand;

/** Runs {@code scripts/soak.sh} the way an operator would, with a time limit. */
final class SoakCommand {

    private static final Duration TIME_LIMIT = Duration.ofMinutes(2);

    private SoakCommand() {}

    static ScriptCommand.Result run(Path workingDirectory, String... arguments) {
        return ScriptCommand.run("scripts/soak.sh", TIME_LIMIT, workingDirectory, arguments);
    }
}
