package dev.athena.gateway;

import java.nio.file.Path;
import java.time.Duration;

/** Runs {@code scripts/eval-retrieval.sh} the way a user would, from a given working directory, with a time limit. */
final class EvaluationCommand {

    static final Path REPOSITORY = ScriptCommand.REPOSITORY;
    static final Path SCRIPT = REPOSITORY.resolve("scripts/eval-retrieval.sh");
    static final Path FIXTURE = REPOSITORY.resolve("docs/eval/agent-memory.jsonl");

    private static final Duration TIME_LIMIT = Duration.ofMinutes(3);

    private EvaluationCommand() {}

    static ScriptCommand.Result run(Path workingDirectory, String... arguments) {
        return ScriptCommand.run("scripts/eval-retrieval.sh", TIME_LIMIT, workingDirectory, arguments);
    }
}
